"""Reporting periods: forms, cut-offs, due dates, labels, the comparable period."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from lkdata.api import parse_period
from lkdata.errors import UsageError
from lkdata.plan.periods import FIRST_YEAR, LAST_YEAR

WARD = {"due": {"semiannual": "05-10", "annual": "11-15"}, "cutoff_margin_days": 5}
D = dt.date


@pytest.mark.parametrize(
    ("text", "start", "end", "cutoff", "due", "label"),
    [
        ("2026-H1", D(2026, 1, 1), D(2026, 6, 30), D(2026, 5, 5), D(2026, 5, 10), "6 tháng đầu năm 2026"),
        ("2026h1", D(2026, 1, 1), D(2026, 6, 30), D(2026, 5, 5), D(2026, 5, 10), "6 tháng đầu năm 2026"),
        ("2026-H2", D(2026, 7, 1), D(2026, 12, 31), D(2026, 11, 10), D(2026, 11, 15), "6 tháng cuối năm 2026"),
        ("2026", D(2026, 1, 1), D(2026, 12, 31), D(2026, 11, 10), D(2026, 11, 15), "năm 2026"),
        ("2026-01-01:2026-03-31", D(2026, 1, 1), D(2026, 3, 31), D(2026, 3, 31), None,
         "từ ngày 01/01/2026 đến ngày 31/3/2026"),
    ],
)  # fmt: skip
def test_forms(text, start, end, cutoff, due, label):
    p = parse_period(text, WARD)
    assert (p.start, p.end, p.cutoff, p.due, p.label) == (start, end, cutoff, due, label)


def test_due_dates_and_margin_come_from_the_ward_profile():
    p = parse_period("2026-H1", {"due": {"semiannual": "06-20"}, "cutoff_margin_days": 0})
    assert (p.due, p.cutoff) == (D(2026, 6, 20), D(2026, 6, 20))
    # never after the nominal end
    p = parse_period("2026-H1", {"due": {"semiannual": "07-10"}, "cutoff_margin_days": 1})
    assert p.cutoff == D(2026, 6, 30) and not p.is_partial


def test_cutoff_override_and_its_bounds():
    assert parse_period("2026-H1", WARD, cutoff="2026-06-15").cutoff == D(2026, 6, 15)
    assert parse_period("2026-H1", WARD, cutoff="15/6/2026").cutoff == D(2026, 6, 15)
    with pytest.raises(UsageError, match="ngoài kỳ"):
        parse_period("2026-H1", WARD, cutoff="2026-07-01")


def test_previous_is_cut_off_on_the_same_day_a_year_earlier():
    p = parse_period("2026-H1", WARD).previous()
    assert (p.key, p.start, p.cutoff, p.label) == ("2025-H1", D(2025, 1, 1), D(2025, 5, 5), "6 tháng đầu năm 2025")
    leap = parse_period("2024-01-01:2024-02-29", WARD).previous()
    assert (leap.end, leap.cutoff) == (D(2023, 2, 28), D(2023, 2, 28))


@pytest.mark.parametrize(
    ("bad", "says"),
    [("2026-Q1", "Dạng chấp nhận: 2026-H1"), ("H1-2026", "Dạng chấp nhận: 2026-H1"), ("26", "Dạng chấp nhận: 2026-H1"),
     ("", "Dạng chấp nhận: 2026-H1"), ("2026-13-01:2026-12-31", "Dạng chấp nhận: 2026-H1"),
     ("2026-05-01:2026-04-01", "ngày kết thúc trước ngày bắt đầu"),
     ("2026-01-01:9999-12-31", "phải thuộc các năm 2000-2100"), ("0001-01-01:2026-12-31", "phải thuộc các năm"),
     ("0000", "năm phải trong khoảng 2000-2100"), ("9999-H2", "năm phải trong khoảng"), ("1999", "năm phải trong"),
     ("2101-H1", "năm phải trong khoảng"), ("2026-00-10:2026-03-01", "Dạng chấp nhận: 2026-H1"),
     ("2026-H3", "Dạng chấp nhận"), ("2026-h1 ", None)],
)  # fmt: skip
def test_bad_period_says_what_is_wrong(bad, says):
    if says is None:  # written in small letters, with a space: still a period
        assert parse_period(bad, WARD).key == "2026-H1"
        return
    with pytest.raises(UsageError, match=says):
        parse_period(bad, WARD)


@given(st.one_of(st.text(max_size=25), st.from_regex(r"\A\d{4}-\d{2}-\d{2}:\d{4}-\d{2}-\d{2}\Z"),
                 st.from_regex(r"\A\d{4}(-?[Hh][0-9])?\Z")),
       st.one_of(st.none(), st.text(max_size=12), st.from_regex(r"\A\d{1,2}/\d{1,2}/\d{4}\Z")))  # fmt: skip
def test_any_period_and_cutoff_typed_is_a_period_within_bounds_or_a_usage_error(text: str, cutoff):
    try:
        p = parse_period(text, WARD, cutoff=cutoff)
    except UsageError as exc:
        assert str(exc)
        return
    assert FIRST_YEAR <= p.start.year <= p.end.year <= LAST_YEAR and p.start <= p.cutoff <= p.end
    assert p.previous().start.year >= FIRST_YEAR - 1  # a year earlier still computes


def test_contains_counts_the_cutoff_day_and_not_the_next():
    p = parse_period("2026-H1", WARD)
    assert p.contains(D(2026, 5, 5)) and not p.contains(D(2026, 5, 6)) and p.contains(D(2026, 1, 1))
