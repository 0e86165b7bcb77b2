"""Vietnamese number, money, date and change formatting."""

from __future__ import annotations

import datetime as dt

import pytest

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
