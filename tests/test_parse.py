"""Parsers: every example from the issue and DESIGN.md, edge cases, and properties."""

from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

from lkdata.clean.numbers import parse_area, parse_int, parse_money, parse_number, units_of
from lkdata.clean.parse import parse_bool, parse_date, parse_phone
from lkdata.vn.numbers import written

UNITS = {"ha": 1.0, "hecta": 1.0, "m2": 0.0001, "sao": 0.1, "cong": 0.1}


def one(parser, value, *args, **kwargs):
    p = parser(pd.Series([value], dtype=object), *args, **kwargs)
    v = p.values.iloc[0]
    return (None if pd.isna(v) else v), p.reasons.iloc[0] if isinstance(p.reasons.iloc[0], str) else None


_BLANKISH = st.sampled_from(["", "nan", "NaN", "NONE", "None", "-", "\u212aan", "NAN", "ＮＡＮ", "İ", "nań", "k"])


_LETTERS = st.characters(exclude_categories=("Cc", "Cs", "Zs", "Zl", "Zp"))


@given(st.lists(st.one_of(_BLANKISH, st.text(_LETTERS, max_size=6)).map(lambda t: f" {t}\t"), max_size=20))
def test_as_text_blanks_exactly_the_texts_that_say_nothing(cells):
    """Blank: after stripping, ``nan``, ``none``, ``-`` or nothing, in any case (Unicode lower case)."""
    from lkdata.clean.parse import as_text

    got = as_text(pd.Series(cells, dtype=object))
    for cell, value in zip(cells, got, strict=True):
        stripped = cell.strip()
        if stripped.lower() in ("", "nan", "none", "-"):
            assert value is pd.NA
        else:
            assert value == stripped


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
        ("2020/10/29", dt.date(2020, 10, 29)),  # year first: month then day, as every country writes it
        ("2020/1/5", dt.date(2020, 1, 5)),
        ("2020.10.29", dt.date(2020, 10, 29)),
        ("2020 / 10 / 29 08:15", dt.date(2020, 10, 29)),
        (dt.datetime(2100, 12, 31, 23, 59), dt.date(2100, 12, 31)),
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
    [("Có", True), ("có", True), ("x", True), ("1", True), ("Không", False), ("chưa", False), ("Chưa có", False),
     ("không có", False), (0, False), ("", None), ("  ", None), ("-", None), (None, None)],
)  # fmt: skip
def test_yes_no(raw, expected):
    assert one(parse_bool, raw, "Tập huấn") == (expected, None)


def test_absurdly_large_values_are_reasons_not_crashes():
    assert one(parse_money, 9.2e18, "Vốn") == (None, "Vốn quá lớn: 9.2e+18")  # not its 19 digits
    assert one(parse_int, "5.000.000.000.000", "Số hộ") == (None, "Số hộ quá lớn: 5.000.000.000.000")


def test_counts_are_whole_and_not_negative():
    assert one(parse_int, "1.200", "Số hộ") == (1200, None)
    assert one(parse_int, "12 hộ", "Số hộ") == (12, None)
    assert one(parse_int, "3,5", "Số hộ") == (None, "Số hộ phải là số nguyên: 3,5")
    assert one(parse_int, "-2", "Số hộ") == (None, "Số hộ âm: -2")


#: Hostile values too: any float (1e308, infinities), any date a workbook can hold (year 1 to 9999).
CELL = st.one_of(
    st.text(max_size=30),
    st.integers(-(10**12), 10**12),
    st.floats(allow_nan=True, allow_infinity=True),
    st.dates(dt.date(1, 1, 1), dt.date(9999, 12, 31)),
    st.datetimes(dt.datetime(1, 1, 1), dt.datetime(9999, 12, 31, 23, 59)),
    st.none(),
    st.sampled_from(
        ["2,5 ha", "1,5 tỷ", "31/02/2022", "ngày 02 tháng 4 năm 2026", "+84 912 345 678", "~3", "-", "nan",
         "31/12/9999", "9999-12-31", "1e308", "-1e308", "inf", "∞", "Infinity", "1.000.000.000.000.000", "9" * 400,
         "2020/10/29", "Không thời hạn", "1998"]
    ),
)  # fmt: skip


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
        if pd.api.types.is_float_dtype(p.values.dtype):  # never a number no clean may store
            assert np.isfinite(p.values.dropna().to_numpy(dtype=float)).all()
            assert (p.values.dropna().abs() < 1e15).all()
        if pd.api.types.is_datetime64_any_dtype(p.values.dtype):
            assert p.values.dropna().dt.year.between(1900, 2100).all()
    # an end date: the year 9999 and "Không thời hạn" are no end, said in a note; the rest as above
    end = parse_date(s, "Ngày hết hạn", open_end=True)
    noted = end.notes.notna().to_numpy() if end.notes is not None else np.zeros(len(s), dtype=bool)
    has = end.values.notna().to_numpy() | end.reasons.map(lambda r: isinstance(r, str)).to_numpy() | noted
    assert (has | blank.to_numpy()).all()


_DATE_TEXT = st.builds(
    lambda d, m, y, form: form.format(d=d, m=m, y=y, y2=y % 100),
    st.integers(0, 35),
    st.integers(0, 14),
    st.one_of(st.integers(1890, 2160), st.sampled_from([1, 99, 999, 9999])),
    st.sampled_from([
        "{y}/{m}/{d}", "{y}.{m:02d}.{d:02d}",
        "{d}/{m}/{y}", "{d}.{m}.{y2}", "{d:02d} - {m:02d} - {y}", "{d}/{m}/{y}.", "{y}-{m:02d}-{d:02d}",
        "{y}-{m}-{d} 10:30", "{y}-{m}-{d}T08:00:01", "ngày {d} tháng {m} năm {y}", "Ngay {d} THANG {m} nam {y}",
        "ngày {d}, tháng {m}, năm {y}", "{d}/{m}", "{d}{m}{y}",
        "{d}/{m}/{y} 10:30", "{d:02d}/{m:02d}/{y} 08:31:05 PM", "{d}/{m}/{y2}, 7:05", "10:30 {d}/{m}/{y}",
        "{d}-{m}-{y} - 13:24", "{d} thg {m}, {y}, 15:33:30", "Thứ Hai, {d}/{m}/{y} 08:31 (GMT+7)",
    ]),
)  # fmt: skip


@given(st.lists(st.one_of(_DATE_TEXT, st.text(max_size=12)), min_size=1, max_size=30).map(lambda c: c + c[::3]))
def test_column_wise_dates_equal_the_cell_by_cell_rules(cells):
    """The usual forms are read by Arrow over the whole column, each distinct text once (cells come
    again here); the result is that of date_parts."""
    from lkdata.clean.parse import _text_dates, as_text
    from lkdata.vn.dates import date_parts, valid_date

    text = as_text(pd.Series(cells, dtype=object)).dropna()
    got = _text_dates(text)
    for cell, value in zip(text, got, strict=True):
        parts = date_parts(cell)
        want = valid_date(*parts) if parts else None
        assert (np.isnat(value) and want is None) or pd.Timestamp(value).date() == want, cell


# --- numbers: Vietnamese and English styles, decided per value and per column ---------------------------


def column(parser, cells, *args, **kwargs):
    """Values, reasons and notes of a column of cells (``None`` for missing, as plain Python objects)."""
    p = parser(pd.Series(cells, dtype=object), *args, **kwargs)
    notes = p.notes if p.notes is not None else pd.Series(None, index=p.values.index)
    clean = [None if pd.isna(v) else v for v in p.values]
    return (
        clean,
        [r if isinstance(r, str) else None for r in p.reasons],
        [n if isinstance(n, str) else None for n in notes],
    )


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        # read one way only: Vietnamese (dot thousands, comma decimal) ...
        ("1.234,5", 1234.5), ("1.234.567", 1234567), ("1.234.567,89", 1234567.89), ("0,5", 0.5),
        ("2,25", 2.25), ("0,125", 0.125), ("12,3456", 12.3456), ("1234,5", 1234.5),
        # ... or English (comma thousands, dot decimal)
        ("1,234.5", 1234.5), ("1,234,567", 1234567), ("0.75", 0.75), ("0.125", 0.125), ("2.5", 2.5),
        ("1234.567", 1234.567), ("12.00", 12.0),
        # spaces, signs, estimates, a trailing dot
        ("1 234,5", 1234.5), (" 7 ", 7), ("-2,5", -2.5), ("− 1.234,5", -1234.5), ("khoảng 1.234,5", 1234.5),
        ("15.", 15), ("1.234.567.", 1234567),
    ],
)  # fmt: skip
def test_numbers_that_read_one_way_are_read_that_way_without_a_note(raw, expected):
    values, reasons, notes = column(parse_number, [raw], "Sản lượng")
    assert values == [pytest.approx(expected)] and reasons == [None] and notes == [None]


@pytest.mark.parametrize("raw", ["1.2.3", "12.34.56", "1,2.3", "1.000.00", "1.234,5,6", "0.000.100"])
def test_numbers_that_read_no_way_are_refused_not_guessed(raw):
    assert one(parse_number, raw, "Sản lượng") == (None, f"Sản lượng không đọc được: {raw}")


@pytest.mark.parametrize(
    ("raw", "value", "other"),
    [("1.200", 1200, "1,2"), ("12.345", 12345, "12,345"), ("1,200", 1.2, "1.200"), ("999,999", 999.999, "999.999")],
)
def test_a_lone_three_digit_group_with_no_evidence_is_read_the_vietnamese_way_and_noted(raw, value, other):
    values, reasons, notes = column(parse_number, [raw], "Sản lượng", units=units_of("tấn"), unit="tấn")
    assert values == [pytest.approx(value)] and reasons == [None]
    sep = "dấu chấm" if "." in raw else "dấu phẩy"
    assert notes == [
        f'Sản lượng không rõ {sep} là phân cách hàng nghìn hay thập phân: "{raw}", '
        f"đã đọc là {written(value)} tấn (không phải {other} tấn), kiểm tra lại"
    ]


@pytest.mark.parametrize(
    ("cells", "expected", "noted"),
    [
        (["2,5", "1.200", "3,75"], 1200, False),  # the column writes decimal commas: the dot groups thousands
        (["1.500.000", "1.200"], 1200, False),  # dot-grouped thousands elsewhere
        (["2.5", "1.200", "0.75"], 1.2, False),  # English style throughout: the dot is decimal
        (["1,500,000", "1.200"], 1.2, False),
        (["2,5", "2.5", "1.200"], 1200, True),  # mixed styles: no evidence, noted
        (["7", "12", "1.200"], 1200, True),  # no separators anywhere: no evidence, noted
        (["2,5", 3.5, "1,200"], 1.2, False),  # a comma column: "1,200" is 1,2
        (["2.5", "1,200"], 1200, False),
    ],
)
def test_an_ambiguous_number_follows_the_style_of_its_column(cells, expected, noted):
    values, _, notes = column(parse_number, cells, "Năng suất")
    k = next(i for i, c in enumerate(cells) if c in ("1.200", "1,200"))
    assert values[k] == pytest.approx(expected)
    assert (notes[k] is not None) == noted


def test_evidence_comes_from_the_same_spreadsheet_column_only():
    cells = ["2,5", "1.200", "2.5", "1.200"]
    sheets = pd.DataFrame(
        {"source_file": ["a.xlsx", "a.xlsx", "b.csv", "b.csv"], "source_sheet": ["KP1", "KP1", "", ""]}
    )
    values, _, notes = column(parse_number, cells, "Năng suất", sheets=sheets)
    assert values == [2.5, 1200, 2.5, 1.2] and notes == [None] * 4
    values, _, notes = column(parse_number, cells, "Năng suất")  # one column: mixed, so noted
    assert values[1] == values[3] == 1200 and notes[1] and notes[3]


@pytest.mark.parametrize(
    ("cells", "bounds", "expected", "why"),
    [
        (["1.200"], (0.01, 50), 1.2, "đã đọc là 1,2 ha vì 1.200 ha vượt mức hợp lý"),  # only 1,2 is plausible
        (["1.200"], (0.1, 5000), 1200, "đã đọc là 1.200 ha (không phải 1,2 ha)"),  # both are: Vietnamese
        (["1.200"], (5000, 9000), 1200, "đã đọc là 1.200 ha (không phải 1,2 ha)"),  # neither is: Vietnamese
        (["1,200"], (100, 5000), 1200, "đã đọc là 1.200 ha vì 1,2 ha vượt mức hợp lý"),
    ],
)
def test_the_plausible_range_decides_between_two_readings_and_says_so(cells, bounds, expected, why):
    values, _, notes = column(parse_area, cells, UNITS, bounds=bounds)
    assert values == [pytest.approx(expected)] and why in notes[0] and notes[0].endswith("kiểm tra lại")


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("1.200 m2", 0.12), ("1,200 m2", 0.12), ("12.400 m²", 1.24), ("1.200 mét vuông", 0.12),  # m²: no fractions
        ("1,5 sào", 0.15), ("1.5 sào", 0.15), ("2,5 ha", 2.5), ("2.5ha", 2.5), ("2,5 HA", 2.5), ("2,5 hecta", 2.5),
        ("10 công", 1.0),
    ],
)  # fmt: skip
def test_area_units(raw, expected):
    values, reasons, notes = column(parse_area, [raw], UNITS)
    assert values == [pytest.approx(expected)] and reasons == [None] and notes == [None]


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("1.200", 1200),
        ("1,200", 1200),
        ("1.200 người", 1200),
        ("40 người", 40),
        ("1 200", 1200),
        ("2.500.000", 2500000),
    ],
)
def test_counts_read_every_lone_group_as_thousands(raw, expected):
    values, reasons, notes = column(parse_int, [raw], "Số người")
    assert values == [expected] and reasons == [None] and notes == [None]


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("200 ngàn đồng", 200_000), ("500 nghìn đồng", 500_000), ("500 nghìn", 500_000), ("500k", 500_000),
        ("2 tỷ 500 triệu", 2_500_000_000), ("2 tỷ 500 triệu đồng", 2_500_000_000), ("2 tỷ 50 triệu", 2_050_000_000),
        ("1 triệu 200 nghìn", 1_200_000), ("1 triệu 200 nghìn đồng", 1_200_000), ("3 tỷ 5 triệu", 3_005_000_000),
        ("1tr2", 1_200_000), ("1 tr 5", 1_500_000), ("2 tỷ 500", 2_500_000_000), ("1 triệu rưỡi", 1_500_000),
        ("1,5 tỷ", 1_500_000_000), ("1.5 tỷ", 1_500_000_000), ("1,5 tỉ", 1_500_000_000), ("1,5 TỶ ĐỒNG", 1_500_000_000),
        ("3 triệu đồng", 3_000_000), ("3 tr", 3_000_000), ("3tr", 3_000_000), ("3 Tr.đ", 3_000_000),
        ("200 trđ", 200_000_000),
        ("500 đ", 500), ("500.000 VNĐ", 500_000), ("500.000 vnđ", 500_000), ("500.000VND", 500_000),
        ("500.000 đồng", 500_000), ("1,200 đồng", 1200), ("1.200", 1200), ("200,000,000", 200_000_000),
        ("1,25 triệu", 1_250_000), ("0,5 tỷ", 500_000_000),
    ],
)  # fmt: skip
def test_money_in_words_and_units(raw, expected):
    values, reasons, notes = column(parse_money, [raw], "Vốn")
    assert values == [expected] and reasons == [None] and notes == [None]


@pytest.mark.parametrize(
    ("raw", "reason"),
    [
        ("2 tỷ 50", "Vốn không đọc được: 2 tỷ 50"),  # 2,05 or 2,5 tỷ: not guessed
        ("500 triệu 2 tỷ", "Vốn không đọc được: 500 triệu 2 tỷ"),
        ("500 USD", "Vốn không đọc được: 500 USD"),
        ("-2 tỷ 500 triệu", "Vốn âm: -2 tỷ 500 triệu"),
        ("2 tỷ 1500 triệu", "Vốn không đọc được: 2 tỷ 1500 triệu"),
    ],
)
def test_money_that_cannot_be_read_says_why(raw, reason):
    assert one(parse_money, raw, "Vốn") == (None, reason)


@pytest.mark.parametrize(
    ("cells", "expected", "noted"),
    [
        (["1.200 triệu"], 1_200_000_000, True),  # 1.200 triệu or 1,2 triệu: Vietnamese, noted
        (["1.422 tỷ đồng"], 1_422_000_000_000, True),
        (["1.200 triệu", "500.000.000 đ"], 1_200_000_000, False),  # the column groups thousands with dots
        (["1.200 triệu", "2,5 tỷ"], 1_200_000_000, False),
        (["1.200 triệu", "2.5 tỷ"], 1_200_000, False),  # English decimals in the column
    ],
)
def test_an_ambiguous_amount_follows_its_column(cells, expected, noted):
    values, _, notes = column(parse_money, cells, "Giá trị hợp đồng")
    assert values[0] == expected and (notes[0] is not None) == noted


def test_bare_amounts_take_the_unit_of_the_header():
    values, reasons, _ = column(parse_money, ["500", "1,5 tỷ", 250, "2,5"], "Vốn", default_unit="triệu đồng")
    assert values == [500_000_000, 1_500_000_000, 250_000_000, 2_500_000] and reasons == [None] * 4


@pytest.mark.parametrize(
    ("raw", "unit", "expected"),
    [
        ("5 tấn", "tấn", 5), ("5,5 t", "tấn", 5.5), ("500 kg", "tấn", 0.5), ("1.200 kg", "tấn", 1.2),
        ("25 tạ", "tấn", 2.5), ("12 tấn quả", "tấn", 12), ("60 tạ/ha", "tấn/ha", 6), ("12 tấn/ha", "tấn/ha", 12),
        ("15000 kg/ha", "tấn/ha", 15), ("12", "tấn/ha", 12),
    ],
)  # fmt: skip
def test_mass_units_are_converted_to_the_fields_unit(raw, unit, expected):
    values, reasons, _ = column(parse_number, [raw], "Sản lượng", units=units_of(unit), unit=unit)
    assert values == [pytest.approx(expected)] and reasons == [None]


@pytest.mark.parametrize(
    ("raw", "unit", "expected", "noted"),
    [
        ("2,641kg", "tấn", 0.002641, True), ("116,139 kg", "tấn", 0.116139, True),  # grams, Vietnamese style
        ("1.500 kg", "tấn", 1.5, True), ("1.164,202 kg", "tấn", 1.164202, False), ("0,375 kg", "tấn", 0.000375, False),
        ("2.490kg", "tấn", 2.49, True), ("15,7 kg", "tấn", 0.0157, False), ("1,252.10 kg", "tấn", 1.2521, False),
    ],
)  # fmt: skip
def test_kilograms_keep_their_fractions_and_an_ambiguous_one_is_noted(raw, unit, expected, noted):
    """A kilogram is weighed to the gram: ``2,641 kg`` is 2,641 kg, not 2.641 kg read as a whole number."""
    values, reasons, notes = column(parse_number, [raw], "Sản lượng", units=units_of(unit), unit=unit)
    assert values == [pytest.approx(expected)] and reasons == [None] and (notes[0] is not None) == noted


@pytest.mark.parametrize(
    ("parser", "raw", "args", "expected"),
    [
        (parse_area, "2,9 nghìn ha", (UNITS,), 2900), (parse_area, "680 nghìn ha", (UNITS,), 680_000),
        (parse_area, "7,4 triệu ha", (UNITS,), 7_400_000), (parse_area, "1,5 nghìn", (UNITS,), 1500),
        (parse_area, "12 nghìn m2", (UNITS,), 1.2), (parse_area, "3 ngàn sào", (UNITS,), 300),
        (parse_number, "600 nghìn tấn", ("Sản lượng",), 600_000),
        (parse_number, "9,5 triệu tấn", ("Sản lượng",), 9.5e6),
        (parse_number, "5 nghìn kg", ("Sản lượng",), 5), (parse_number, "6,9 triệu", ("Sản lượng",), 6.9e6),
        (parse_int, "7,7 triệu xã viên", ("Số thành viên",), 7_700_000),
        (parse_int, "85,2 triệu người", ("Số người",), 85_200_000),
        (parse_int, "2 nghìn hộ", ("Số hộ",), 2000), (parse_int, "1,2 nghìn thành viên", ("Số thành viên",), 1200),
        (parse_int, "5 ti vi", ("Số",), 5),  # television sets: "ti" alone multiplies nothing
        (parse_money, "133,3 nghìn tỷ đồng", ("Vốn",), 133_300_000_000_000),
        (parse_money, "55 ngàn tỷ đồng", ("Vốn",), 55 * 10**12),
        (parse_money, "162 nghìn tỷ", ("Vốn",), 162 * 10**12),
        (parse_money, "17,5 ngàn tỉ", ("Vốn",), 17_500_000_000_000),
        (parse_money, "4.507 tỷ 139 triệu đồng", ("Vốn",), 4_507_139_000_000),
        (parse_money, "1.496 tỷ 323 triệu", ("Vốn",), 1_496_323_000_000),
    ],
)  # fmt: skip
def test_a_word_that_multiplies_the_number_before_its_unit(parser, raw, args, expected):
    """``nghìn``, ``ngàn``, ``triệu``, ``tỷ`` before the unit multiply the number (news and provincial reports)."""
    kwargs = {"units": units_of("tấn"), "unit": "tấn"} if parser is parse_number else {}
    values, reasons, _ = column(parser, [raw], *args, **kwargs)
    assert reasons == [None] and values == [pytest.approx(expected)]


@given(
    st.decimals(min_value=0, max_value=10**4, places=2, allow_nan=False, allow_infinity=False).filter(lambda x: x > 0),
    st.sampled_from([("nghìn", 10**3), ("ngàn", 10**3), ("triệu", 10**6)]),
    st.sampled_from(["ha", "tấn", "hộ"]),
)
def test_scaled_numbers_formatted_by_babel_vi_parse_back(x, scale, unit):
    from babel.numbers import format_decimal

    word, factor = scale
    cell = f"{format_decimal(x, locale='vi')} {word} {unit}"
    if unit == "ha":
        values, reasons, _ = column(parse_area, [cell], UNITS)
    elif unit == "tấn":
        values, reasons, _ = column(parse_number, [cell], "Sản lượng", units=units_of("tấn"), unit="tấn")
    else:
        x = x.to_integral_value()
        values, reasons, _ = column(parse_int, [f"{format_decimal(x, locale='vi')} {word} {unit}"], "Số hộ")
    assert reasons == [None] and values == [pytest.approx(float(x) * factor)]


@pytest.mark.parametrize(
    ("parser", "raw", "label", "args"),
    [
        (parse_int, "10-30 lao động", "Số lao động", ()), (parse_int, "2 đến 5 hộ", "Số hộ", ()),
        (parse_int, "10 – 200 người", "Số người", ()), (parse_money, "300 - 400 triệu đồng", "Vốn", ()),
        (parse_money, "300-700 triệu đồng", "Vốn", ()), (parse_money, "1,7 - 1,8 tỷ đồng/năm", "Vốn", ()),
        (parse_money, "70-90 ngàn đồng/kg", "Vốn", ()), (parse_area, "2 - 3 ha", "Diện tích", (UNITS,)),
        (parse_area, "400 đến 800 ha", "Diện tích", (UNITS,)), (parse_number, "20 – 30 tấn", "Sản lượng", ()),
        (parse_number, "5~6 tấn", "Sản lượng", ()),
    ],
)  # fmt: skip
def test_a_range_is_no_value_and_says_so(parser, raw, label, args):
    kwargs = {"label": label} if parser is parse_area else {}
    call_args = args if parser is parse_area else (label, *args)
    if parser is parse_number:
        kwargs = {"units": units_of("tấn"), "unit": "tấn"}
    assert one(parser, raw, *call_args, **kwargs) == (None, f"{label} ghi một khoảng, không phải một giá trị: {raw}")


def test_an_unknown_unit_of_mass_is_a_reason():
    assert one(parse_number, "3 bao", "Sản lượng", units=units_of("tấn")) == (None, "Đơn vị sản lượng không rõ: 3 bao")


@pytest.mark.parametrize("raw", [1e308, float("inf"), "1.000.000.000.000.000", "9" * 400, 10**16])
def test_absurd_numbers_are_reasons_and_never_infinite(raw):
    for parser, args, label in (
        (parse_area, (UNITS,), "Diện tích"),
        (parse_number, ("Sản lượng",), "Sản lượng"),
        (parse_money, ("Vốn",), "Vốn"),
        (parse_int, ("Số hộ",), "Số hộ"),
    ):
        p = parser(pd.Series([raw], dtype=object), *args)
        assert p.values.isna().all(), (parser, raw)
        assert p.reasons.iloc[0].startswith(f"{label} quá lớn: "), (parser, raw, p.reasons.iloc[0])


@pytest.mark.parametrize(
    ("raw", "parser", "args", "expected"),
    [
        ("1,5E+11", parse_money, ("Vốn",), 150_000_000_000),  # Excel's General format, Vietnamese Windows
        ("1.5E+11", parse_money, ("Vốn",), 150_000_000_000),  # and English
        ("1,23457E+11 đồng", parse_money, ("Vốn",), 123_457_000_000),
        ("1.234E+3", parse_int, ("Số hộ",), 1234),  # the mantissa's separator is its decimal mark, never thousands
        ("2,5e3 m2", parse_area, (UNITS,), 0.25),
        ("1e5 hộ", parse_int, ("Số hộ",), 100_000),
    ],
)
def test_a_number_in_exponent_form_is_read_and_noted(raw, parser, args, expected):
    """Excel shows and exports a large number as ``1,5E+11`` (rounded to six digits): read, and said."""
    values, reasons, notes = column(parser, [raw], *args)
    assert values == [expected] and reasons == [None]
    assert "ghi dạng lũy thừa" in notes[0] and "Excel có thể đã làm tròn số" in notes[0]


@pytest.mark.parametrize("raw", ["1e308", "-1e308", "1E+15", "1e99999", "9,99E+307"])
def test_a_number_in_exponent_form_beyond_any_quantity_is_a_reason(raw):
    parsers = [(parse_int, ("Số hộ",), "Số hộ"), (parse_money, ("Vốn",), "Vốn"), (parse_area, (UNITS,), "Diện tích"),
               (parse_number, ("Sản lượng",), "Sản lượng")]  # fmt: skip
    for parser, args, label in parsers:
        assert one(parser, raw, *args) == (None, f"{label} quá lớn: {raw}"), parser


@pytest.mark.parametrize("raw", ["inf", "-inf", "∞", "Infinity", "NaN(1)", "1.2.3e4", "e5"])
def test_words_for_infinity_are_no_number(raw):
    for parser, args in ((parse_int, ("Số",)), (parse_money, ("Vốn",)), (parse_number, ("Số",))):
        value, reason = one(parser, raw, *args)
        assert value is None and "không đọc được" in reason, (parser, raw, reason)


_DECIMALS = st.decimals(min_value=-(10**12), max_value=10**12, places=3, allow_nan=False, allow_infinity=False)


@given(st.lists(_DECIMALS, min_size=1, max_size=8))
def test_numbers_formatted_by_babel_vi_parse_back(xs):
    """Babel's ``vi`` locale writes ``1.234,5``: every such number reads back as itself (a lone
    ``1.200`` with no other evidence is read the Vietnamese way, and noted)."""
    from babel.numbers import format_decimal

    cells = [format_decimal(x, locale="vi") for x in xs]
    values, reasons, _ = column(parse_number, cells, "Số")
    assert reasons == [None] * len(xs)
    assert values == [pytest.approx(float(x), abs=1e-9) for x in xs]


@given(
    st.decimals(min_value=0, max_value=10**5, places=3, allow_nan=False, allow_infinity=False).filter(lambda x: x > 0),
    st.sampled_from([("ha", 1.0), ("sào", 0.1), ("công", 0.1)]),
)
def test_areas_formatted_by_babel_vi_with_a_unit_parse_back(x, unit):
    from babel.numbers import format_decimal

    name, factor = unit
    values, reasons, _ = column(parse_area, [f"{format_decimal(x, locale='vi')} {name}"], UNITS)
    assert reasons == [None] and values[0] == pytest.approx(round(float(x) * factor, 4), abs=1e-4)


@given(st.integers(1, 10**9))
def test_square_metres_formatted_by_babel_vi_parse_back(m2):
    from babel.numbers import format_decimal

    values, reasons, notes = column(parse_area, [f"{format_decimal(m2, locale='vi')} m2"], UNITS)
    assert reasons == [None] and notes == [None] and values[0] == pytest.approx(round(m2 / 10_000, 4))


@given(
    st.decimals(min_value=0, max_value=10**5, places=3, allow_nan=False, allow_infinity=False),
    st.sampled_from([("đồng", 1), ("nghìn đồng", 10**3), ("triệu", 10**6), ("triệu đồng", 10**6), ("tỷ", 10**9),
                     ("tỷ đồng", 10**9)]),
)  # fmt: skip
def test_money_formatted_by_babel_vi_with_a_unit_parses_back(x, unit):
    from babel.numbers import format_decimal

    name, factor = unit
    if factor == 1:
        x = x.to_integral_value()  # no fractions of a đồng
    values, reasons, _ = column(parse_money, [f"{format_decimal(x, locale='vi')} {name}"], "Vốn")
    assert reasons == [None] and values == [round(x * factor)]


# --- dates: CLDR's Vietnamese forms ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("29 tháng 10, 2020", dt.date(2020, 10, 29)), ("29 thg 10, 2020", dt.date(2020, 10, 29)),
        ("Thứ Năm, 29 tháng 10, 2020", dt.date(2020, 10, 29)), ("thứ năm, 29 tháng 10, 2020", dt.date(2020, 10, 29)),
        ("Thứ 5, 29/10/2020", dt.date(2020, 10, 29)), ("T5 29/10/2020", dt.date(2020, 10, 29)),
        ("T.5, 29/10/2020", dt.date(2020, 10, 29)), ("Thứ năm ngày 29 tháng 10 năm 2020", dt.date(2020, 10, 29)),
        ("ngày 29 tháng 10 năm 2020", dt.date(2020, 10, 29)), ("ngày 29/10/2020", dt.date(2020, 10, 29)),
        ("Ngày 29-10-2020", dt.date(2020, 10, 29)), ("Chủ nhật, 1/11/2020", dt.date(2020, 11, 1)),
        ("CN 01/11/2020", dt.date(2020, 11, 1)), ("Thứ Hai, 2 tháng 11, 2020", dt.date(2020, 11, 2)),
        ("29 Tháng 10, 2020", dt.date(2020, 10, 29)), ("ngày 29, tháng 10, năm 2020", dt.date(2020, 10, 29)),
        ("1/1/1948", dt.date(1948, 1, 1)),  # accepted: a plausibility rule says whether it is likely
    ],
)  # fmt: skip
def test_cldr_and_weekday_dates(raw, expected):
    values, reasons, notes = column(parse_date, [raw])
    assert [v.date() for v in values] == [expected] and reasons == [None] and notes == [None]


@pytest.mark.parametrize(
    ("raw", "reason"),
    [
        ("tháng 10/2020", "Ngày chỉ ghi tháng, năm: tháng 10/2020 (cần ghi đủ ngày)"),
        ("10/2020", "Ngày chỉ ghi tháng, năm: 10/2020 (cần ghi đủ ngày)"),
        ("Tháng 10 năm 2020", "Ngày chỉ ghi tháng, năm: Tháng 10 năm 2020 (cần ghi đủ ngày)"),
        ("T10-2020", "Ngày chỉ ghi tháng, năm: T10-2020 (cần ghi đủ ngày)"),
        ("13/2020", "Ngày không hợp lệ: 13/2020"),
        ("Thứ Tám, 29/10/2020", "Ngày không hợp lệ: Thứ Tám, 29/10/2020"),
        ("30 tháng 2, 2020", "Ngày không hợp lệ: 30 tháng 2, 2020"),
        ("1/1/1899", "Ngày không hợp lệ (năm phải từ 1900 đến 2100): 1/1/1899"),
        ("31/12/9999", "Ngày không hợp lệ (năm phải từ 1900 đến 2100): 31/12/9999"),
        ("1998", "Ngày chỉ ghi năm: 1998 (cần ghi đủ ngày)"),
        ("năm 1998", "Ngày chỉ ghi năm: năm 1998 (cần ghi đủ ngày)"),
        ("Không thời hạn", "Ngày không hợp lệ: Không thời hạn"),  # only an end date may have none
        ("2020/13/29", "Ngày không hợp lệ: 2020/13/29"),
        (1998, "Ngày chỉ ghi năm: 1998 (cần ghi đủ ngày)"),
        (2958465, "Ngày không hợp lệ (năm phải từ 1900 đến 2100): 2958465"),
        (-5, "Ngày không hợp lệ: -5"),
        (1e308, "Ngày không hợp lệ: 1e+308"),
        (float("inf"), "Ngày không hợp lệ: inf"),
        (dt.datetime(9999, 12, 31), "Ngày không hợp lệ (năm phải từ 1900 đến 2100): 31/12/9999"),
        (dt.date(1, 1, 1), "Ngày không hợp lệ (năm phải từ 1900 đến 2100): 01/01/0001"),
        (dt.time(0, 0), "Ngày không hợp lệ (ô chỉ có giờ, hoặc ngày trước năm 1900): 00:00:00"),  # 01/01/0001
    ],
)
def test_dates_without_a_day_or_that_do_not_exist_are_refused(raw, reason):
    assert one(parse_date, raw) == (None, reason)


@pytest.mark.parametrize(
    "raw",
    ["31/12/9999", "9999-12-31", "9999-12-31 00:00:00", "31.12.9999", dt.date(9999, 12, 31), dt.datetime(9999, 1, 1),
     2958465, 2958101, "Không thời hạn", "vô thời hạn", "LÂU DÀI", "9999", "99/99/9999"],
)  # fmt: skip
def test_an_end_date_written_as_no_end_is_left_empty_and_noted(raw):
    """``31/12/9999`` (Excel's last day), its serial, ``Không thời hạn``: an expiry that never comes, never a date."""
    values, reasons, notes = column(parse_date, [raw, "15/3/2027"], "Ngày hết hạn chứng nhận", open_end=True)
    assert values == [None, pd.Timestamp(2027, 3, 15)] and reasons == [None, None]
    assert notes[0].startswith("Ngày hết hạn chứng nhận không thời hạn: ") and notes[0].endswith(" (để trống)")


@pytest.mark.parametrize("raw", ["31/12/2999", "1/1/0001", dt.datetime(1, 1, 1), "31/12/99999", 99999])
def test_an_end_date_in_another_impossible_year_is_still_refused(raw):
    _, reason = one(parse_date, raw, "Ngày kết thúc", open_end=True)
    assert reason.startswith("Ngày kết thúc không hợp lệ")


def test_a_weekday_that_is_not_the_dates_is_kept_and_noted():
    values, reasons, notes = column(parse_date, ["Thứ Hai, 29/10/2020", "Thứ 5, 29/10/2020"], "Ngày tổ chức")
    assert [v.date() for v in values] == [dt.date(2020, 10, 29)] * 2 and reasons == [None, None]
    assert notes == [
        "Ngày tổ chức không khớp thứ trong tuần: Thứ Hai, 29/10/2020 (29/10/2020 là Thứ Năm), kiểm tra lại",
        None,
    ]


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("24/02/2020 20:27", dt.date(2020, 2, 24)), ("08/11/2024 09:12", dt.date(2024, 11, 8)),
        ("15/03/2021 10:14:33", dt.date(2021, 3, 15)), ("13/06/2014 - 10:00", dt.date(2014, 6, 13)),
        ("Thứ hai, ngày 16/09/2019 10:14 AM (GMT+7)", dt.date(2019, 9, 16)),
        ("Chủ nhật, 13/10/2024, 08:31 (GMT+7)", dt.date(2024, 10, 13)),
        ("17 thg 10, 2024, 15:33:30", dt.date(2024, 10, 17)), ("5 thg 10, 2025 15:20:31", dt.date(2025, 10, 5)),
        ("14:13, 4 thg 3, 2019", dt.date(2019, 3, 4)), ("10 tháng 10, 2020 11:11 AM", dt.date(2020, 10, 10)),
        ("3 Tháng 7, 2022 - 13:24", dt.date(2022, 7, 3)), ("15:33 17/10/24", dt.date(2024, 10, 17)),
        ("8h30 15/3/2025", dt.date(2025, 3, 15)), ("2025-03-15 10:30", dt.date(2025, 3, 15)),
        ("ngày 15/3/2025 lúc 8:00", None), ("15/3/2025 25", None), ("10:18, Thg 3, 2025", None),
    ],
)  # fmt: skip
def test_a_time_of_day_beside_the_date_is_dropped(raw, expected):
    """News pages, NetBeans headers, Google Forms and Babel write a time beside the date: the date is kept."""
    values, reasons, _ = column(parse_date, [raw])
    if expected is None:
        assert values == [None] and reasons[0] is not None
    else:
        assert [v.date() for v in values] == [expected] and reasons == [None]


@given(st.datetimes(dt.datetime(1951, 1, 1), dt.datetime(2050, 12, 31)), st.sampled_from(["short", "medium"]))
def test_date_times_formatted_by_babel_vi_parse_back_to_their_date(when, form):
    from babel.dates import format_datetime

    values, reasons, _ = column(parse_date, [format_datetime(when, format=form, locale="vi")])
    assert [v.date() for v in values] == [when.date()] and reasons == [None]


@given(st.dates(dt.date(1900, 1, 1), dt.date(2100, 12, 31)), st.sampled_from(["long", "full", "medium"]))
def test_dates_formatted_by_babel_vi_parse_back(d, form):
    from babel.dates import format_date

    values, reasons, notes = column(parse_date, [format_date(d, format=form, locale="vi")])
    assert [v.date() for v in values] == [d] and reasons == [None] and notes == [None]


@given(st.dates(dt.date(1951, 1, 1), dt.date(2050, 12, 31)))
def test_short_babel_vi_dates_parse_back_within_the_two_digit_year_window(d):
    from babel.dates import format_date

    values, _, _ = column(parse_date, [format_date(d, format="short", locale="vi")])
    assert [v.date() for v in values] == [d]


# --- phones: phonenumbers' validity, not only the shape ---------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("0332 123 456", "0332123456"), ("0562123456", "0562123456"), ("0599 123 456", "0599123456"),
        ("0888123456", "0888123456"), ("0996123456", "0996123456"), ("0 9 1 2 3 4 5 6 7 8", "0912345678"),
        ("+84 251 3822 456", "02513822456"), ("0084 912 345 678", "0912345678"), ("+84-912-345-678", "0912345678"),
        ("tel:+84-912-345-678", "0912345678"), (2513822456, "02513822456"), ("028 3829 5555", "02838295555"),
    ],
)  # fmt: skip
def test_valid_mobile_and_fixed_line_numbers(raw, expected):
    assert one(parse_phone, raw) == (expected, None)


@pytest.mark.parametrize(
    ("raw", "why"),
    [
        ("1800 1091", "là số tổng đài, dịch vụ, không phải số của hộ"),
        ("1800-1091", "là số tổng đài, dịch vụ, không phải số của hộ"),
        ("18001091", "là số tổng đài, dịch vụ, không phải số của hộ"),
        ("1900 1234", "là số tổng đài, dịch vụ, không phải số của hộ"),
        ("1900 6789 10", "là số tổng đài, dịch vụ, không phải số của hộ"),
        ("113", "là số dịch vụ ngắn (khẩn cấp, tổng đài), không phải số của hộ"),
        ("114", "là số dịch vụ ngắn (khẩn cấp, tổng đài), không phải số của hộ"),
        ("115", "là số dịch vụ ngắn (khẩn cấp, tổng đài), không phải số của hộ"),
        ("0521234567", "không hợp lệ"),  # the shape of a mobile, but no network uses 0521
        ("0241234567", "không hợp lệ"),  # an old Hà Nội number, before the 2017 area codes
        ("09123456789", "không hợp lệ"),
        ("0912 345 67", "không hợp lệ"),
    ],
)
def test_numbers_that_are_no_households_phone_say_why(raw, why):
    assert one(parse_phone, raw) == (None, f"Số điện thoại {why}: {raw}")


@given(st.text(alphabet="0123456789", min_size=9, max_size=11))
def test_the_column_wise_phone_check_agrees_with_phonenumbers(digits):
    """Arrow's regex (phonenumbers' own patterns for Vietnamese mobiles and fixed lines) accepts
    exactly the numbers phonenumbers calls valid mobile or fixed-line numbers."""
    import phonenumbers

    nat = digits if digits.startswith("0") else "0" + digits
    if nat.startswith("084"):
        return  # read as a number with its country code
    try:
        number = phonenumbers.parse(nat, "VN")
    except phonenumbers.NumberParseException:  # "00..." is the international prefix with no country
        number = None
    valid = number is not None and phonenumbers.is_valid_number(number) and phonenumbers.number_type(number) in (
        phonenumbers.PhoneNumberType.MOBILE, phonenumbers.PhoneNumberType.FIXED_LINE,
        phonenumbers.PhoneNumberType.FIXED_LINE_OR_MOBILE,
    )  # fmt: skip
    value, _ = one(parse_phone, nat)
    assert (value is not None) == valid, nat
    assert value is None or value == nat


@pytest.mark.parametrize(
    ("raw", "phone", "others"),
    [
        ("0912345678 - 0987654321", "0912345678", "0987654321"),
        ("0912.345.678/0987.654.321", "0912345678", "0987.654.321"),
        ("0912345678, 0251 3877 123", "0912345678", "0251 3877 123"),
        ("0912345678; 0987654321; 0903123456", "0912345678", "0987654321; 0903123456"),
        ("0912 345 678 và 0987 654 321", "0912345678", "0987 654 321"),
        ("+84 912 345 678 hoặc 0987654321", "0912345678", "0987654321"),
    ],
)
def test_two_phones_in_one_cell_keep_the_first_and_note_the_others(raw, phone, others):
    p = parse_phone(pd.Series([raw], dtype=object))
    assert p.values[0] == phone and pd.isna(p.reasons[0])
    assert p.notes[0] == f"Số điện thoại ghi nhiều số, đã lấy số đầu; các số khác: {others}"


@pytest.mark.parametrize("raw", ["1800 1091 - 0912345678", "0912 - 345", "12 - 0912345678"])
def test_a_cell_whose_first_number_is_no_phone_is_not_read(raw):
    p = parse_phone(pd.Series([raw], dtype=object))
    assert pd.isna(p.values[0]) and "Số điện thoại" in p.reasons[0]


def test_a_bare_number_under_a_header_unit_the_ward_does_not_know_is_not_read_as_hectares():
    """``Diện tích (sào)`` with no sào in the ward profile: numbers and text alike say so, none is taken as ha."""
    from lkdata.clean.numbers import parse_area

    p = parse_area(pd.Series([2.0, "2"], dtype=object), {"ha": 1.0}, default_unit="sào")
    assert p.values.isna().all()
    assert list(p.reasons) == ["Đơn vị diện tích không rõ: 2", "Đơn vị diện tích không rõ: 2"]
