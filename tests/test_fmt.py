"""Vietnamese number, money, date and change formatting."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from lkdata.vn.fmt import fmt_change, fmt_date, fmt_date_long, fmt_money, fmt_number, fmt_percent


@pytest.mark.parametrize(
    ("value", "decimals", "text"),
    [(1234.5, 1, "1.234,5"), (1234567, 0, "1.234.567"), (0.25, 2, "0,25"), (2.0, 1, "2,0"), (None, 0, "-")],
)
def test_numbers(value, decimals, text):
    assert fmt_number(value, decimals) == text


def test_percent_and_money():
    assert fmt_percent(25) == "25,0%"
    assert fmt_money(1_500_000_000) == "1,5 tỷ đồng"
    assert fmt_money(1_250_000_000) == "1,25 tỷ đồng"
    assert fmt_money(200_000_000) == "200 triệu đồng"
    assert fmt_money(850_000) == "850.000 đồng"


@pytest.mark.parametrize(
    ("day", "short", "long"),
    [(dt.date(2026, 4, 2), "02/4/2026", "ngày 02 tháng 4 năm 2026"),
     (dt.date(2026, 1, 15), "15/01/2026", "ngày 15 tháng 01 năm 2026"),
     (dt.date(2026, 2, 9), "09/02/2026", "ngày 09 tháng 02 năm 2026"),
     (dt.date(2026, 11, 30), "30/11/2026", "ngày 30 tháng 11 năm 2026")],
)  # fmt: skip
def test_dates_follow_decree_30(day, short, long):
    assert (fmt_date(day), fmt_date_long(day)) == (short, long)


@pytest.mark.parametrize(
    ("value", "previous", "unit", "percent", "text"),
    [(125, 100, "", True, "tăng 25,0% so với cùng kỳ"),
     (97, 100, "", True, "giảm 3,0% so với cùng kỳ"),
     (7, 10, "HTX", False, "giảm 3 HTX so với cùng kỳ"),
     (12.5, 10, "ha", False, "tăng 2,5 ha so với cùng kỳ"),
     (2_500_000_000, 1_000_000_000, "đồng", False, "tăng 1,5 tỷ đồng so với cùng kỳ"),
     (5, 5, "", True, "bằng cùng kỳ"),
     (3, 0, "", True, "cùng kỳ chưa phát sinh"),
     (0, 0, "", True, "chưa phát sinh"),
     (None, 3, "", True, "chưa có số liệu"),
     (3, None, "", True, "chưa có số liệu cùng kỳ"),  # last year unknown: no comparison, not "chưa phát sinh"
     (0, float("nan"), "HTX", False, "chưa có số liệu cùng kỳ")],
)  # fmt: skip
def test_change_phrases(value, previous, unit, percent, text):
    assert fmt_change(value, previous, unit, percent=percent) == text


@pytest.mark.parametrize(
    ("value", "expected"),
    [(float("inf"), "không xác định"), (float("-inf"), "không xác định"), (1e308, "1,00 × 10^308"),
     (-2.5e21, "-2,50 × 10^21"), (1e20, "100.000.000.000.000.000.000")],
)  # fmt: skip
def test_numbers_no_clean_stores_are_written_never_a_crash(value, expected):
    """Defence in depth: a table edited elsewhere may hold them (load refuses it; a notebook's own frame may not)."""
    assert fmt_number(value) == expected
    assert fmt_money(value).endswith(" đồng") and (abs(value) < 1e21 or fmt_money(value) == f"{expected} đồng")


def test_a_missing_date_is_written_as_a_dash():
    import pandas as pd

    assert fmt_date(pd.NaT) == fmt_date(None) == "-"


# --- one rounding rule for every document: half up ------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "decimals", "text"),
    [(156.25, 1, "156,3"), (0.125, 2, "0,13"), (2.5, 0, "3"), (3.5, 0, "4"), (40.25, 1, "40,3"),
     (76.04999999999998, 1, "76,1"),  # 76,05 as a sum of floats stores it: the noise is not a value
     (142.05, 1, "142,1"), (-2.5, 0, "-3"), (-0.04, 1, "0,0"), (1e15 + 0.5, 0, "1.000.000.000.000.001")],
)  # fmt: skip
def test_numbers_round_half_up(value, decimals, text):
    assert fmt_number(value, decimals) == text


def test_a_figure_prints_the_same_wherever_it_is_printed():
    from lkdata.report.facts import quantity
    from lkdata.report.html import cell
    from lkdata.vn.fmt import fmt_figure

    # one value, one text: a brief's table cell, a report's table cell and a sentence (issue 16: 142 and 142,1)
    for value in (142.05, 142.04999999999998, 600.0, 599.96, 0.04, 156.25):
        assert cell(value, "ha") == fmt_figure(value) == quantity(value, "ha").removesuffix(" ha")
    assert cell(26_350_000_000, "đồng") == "26.350" and cell(745_720_000, "đồng") == "745,7"
    assert fmt_money(1_255_000_000) == "1,26 tỷ đồng" and fmt_money(150_050_000) == "150,1 triệu đồng"


@given(st.decimals(min_value=-(10**9), max_value=10**9, places=3, allow_nan=False, allow_infinity=False),
       st.integers(min_value=0, max_value=2))  # fmt: skip
def test_rounding_is_half_up_on_the_number_as_written(value, decimals):
    """Whatever float stores a number written with three decimals, it rounds as the written number does."""
    from decimal import ROUND_HALF_UP, Decimal

    from lkdata.vn.fmt import round_half_up

    expected = value.quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP)
    assert round_half_up(float(value), decimals) == expected
