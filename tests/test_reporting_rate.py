"""Reporting rates after DHIS2: records per khu phố and month, checked against a count written here from
the definition (a record counts in the month its own date falls in, from the period's start to its
cut-off; a record without a date is counted apart, never placed in a month)."""

from __future__ import annotations

import datetime as dt
import os
import subprocess
import sys
from pathlib import Path

import openpyxl
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from lkdata.plan.periods import parse_period
from lkdata.report.reporting import (
    MONTHS_SENT,
    NO_KHU_PHO,
    NOTHING,
    UNDATED,
    month_columns,
    reporting_annex,
    reporting_html,
    reporting_matrix,
)

WARD = {"due": {"semiannual": "05-10", "annual": "11-15"}, "cutoff_margin_days": 5}
KHU_PHO = ["Khu phố 1", "Khu phố 2", "Khu phố 10"]


def _tables(producers: list[tuple], activities: list[tuple]) -> dict[str, pd.DataFrame]:
    def frame(rows, column):
        return pd.DataFrame({
            "khu_pho": pd.array([k for k, _ in rows], dtype="string"),
            column: pd.to_datetime(pd.Series([d for _, d in rows], dtype="object")),
        })  # fmt: skip

    return {"producers": frame(producers, "registered_on"), "activities": frame(activities, "held_on")}


def test_month_columns_follow_the_period_and_say_where_the_cutoff_cuts():
    h1 = parse_period("2026-H1", WARD)  # cut-off 05/5/2026
    assert month_columns(h1) == ["Tháng 1/2026", "Tháng 2/2026", "Tháng 3/2026", "Tháng 4/2026",
                                 "Tháng 5/2026 (đến 05/5)"]  # fmt: skip
    year = parse_period("2026", WARD)  # cut-off 10/11/2026
    assert month_columns(year)[-1] == "Tháng 11/2026 (đến 10/11)" and len(month_columns(year)) == 11
    quarter = parse_period("2026-01-01:2026-03-31", WARD)
    assert month_columns(quarter) == ["Tháng 1/2026", "Tháng 2/2026", "Tháng 3/2026"]


def test_records_on_the_boundaries():
    p = parse_period("2026-H1", WARD)
    producers = [
        ("Khu phố 1", dt.date(2025, 12, 31)),  # before the period: in no month
        ("Khu phố 1", dt.date(2026, 1, 1)),  # the first day
        ("Khu phố 1", dt.date(2026, 5, 5)),  # the cut-off itself
        ("Khu phố 1", dt.date(2026, 5, 6)),  # the day after the cut-off: not yet
        ("Khu phố 2", None),  # no date: counted apart
        (None, dt.date(2026, 2, 14)),  # no khu phố: its own row
    ]
    m = reporting_matrix(_tables(producers, []), p, KHU_PHO)["producers"]
    assert list(m.index) == [*KHU_PHO, NO_KHU_PHO]
    assert m.loc["Khu phố 1", "Tháng 1/2026"] == 1 and m.loc["Khu phố 1", "Tháng 5/2026 (đến 05/5)"] == 1
    assert m.loc["Khu phố 1"].drop([UNDATED, MONTHS_SENT]).sum() == 2
    assert m.loc["Khu phố 2", UNDATED] == 1 and m.loc["Khu phố 2", MONTHS_SENT] == 0
    assert m.loc[NO_KHU_PHO, "Tháng 2/2026"] == 1
    assert m.loc["Khu phố 10"].sum() == 0  # a khu phố that sent nothing is a row of zeros, never left out
    assert m.loc["Khu phố 1", MONTHS_SENT] == 2
    activities = reporting_matrix(_tables(producers, []), p, KHU_PHO)["activities"]
    assert list(activities.index) == KHU_PHO and activities.to_numpy().sum() == 0


_days = st.dates(min_value=dt.date(2025, 11, 1), max_value=dt.date(2026, 12, 31))
_records = st.lists(st.tuples(st.sampled_from([*KHU_PHO, None]), st.one_of(st.none(), _days)), max_size=40)


@settings(max_examples=60, deadline=None)
@given(producers=_records, activities=_records, key=st.sampled_from(["2026-H1", "2026"]))
def test_every_cell_is_the_count_of_its_records(producers, activities, key):
    p = parse_period(key, WARD)
    matrix = reporting_matrix(_tables(producers, activities), p, KHU_PHO)
    for dataset, records in (("producers", producers), ("activities", activities)):
        m = matrix[dataset]
        for k in m.index:
            mine = [d for kp, d in records if (kp or NO_KHU_PHO) == k]
            for label in month_columns(p):
                month = int(label.split()[1].split("/")[0])
                want = sum(1 for d in mine if d and d.month == month and p.start <= d <= p.cutoff)
                assert m.loc[k, label] == want
            assert m.loc[k, UNDATED] == sum(1 for d in mine if d is None)
        assert (NO_KHU_PHO in m.index) == any(kp is None for kp, _ in records)


def test_html_marks_the_months_that_sent_nothing_and_adds_up():
    p = parse_period("2026-H1", WARD)
    producers = [("Khu phố 1", dt.date(2026, 1, 3)), ("Khu phố 1", dt.date(2026, 1, 9)), ("Khu phố 2", None)]
    matrix = reporting_matrix(_tables(producers, [("Khu phố 2", dt.date(2026, 3, 1))]), p, KHU_PHO)
    html = reporting_html(matrix, p, 10).html
    assert "Bảng 10. Số bản ghi theo tháng: Hộ sản xuất" in html and "Bảng 11. Số bản ghi theo tháng: Hoạt động" in html
    # 3 khu phố x 5 months per dataset, minus the months that sent something (1 and 1)
    assert html.count(f'class="num nothing" title="không có bản ghi">{NOTHING}<') == 2 * 15 - 2
    assert "Tỷ lệ ô tháng có số liệu: 6,7%" in html  # 2 of 30 cells


def test_the_workbook_sheets_hold_the_same_counts(tmp_path):
    from lkdata.jobs.annex import write_annex

    p = parse_period("2026-H1", WARD)
    producers = [("Khu phố 1", dt.date(2026, 1, 3)), ("Khu phố 10", dt.date(2026, 4, 30)), ("Khu phố 2", None)]
    matrix = reporting_matrix(_tables(producers, []), p, KHU_PHO)
    write_annex(tmp_path / "a.xlsx", reporting_annex(matrix, p))
    wb = openpyxl.load_workbook(tmp_path / "a.xlsx")
    assert wb.sheetnames == ["Hộ sản xuất", "Hoạt động"]
    ws = wb["Hộ sản xuất"]
    head = [c.value for c in ws[3]]
    assert head == ["Khu phố", *month_columns(p), UNDATED, MONTHS_SENT]
    rows = {r[0]: r[1:] for r in ws.iter_rows(min_row=4, max_row=7, values_only=True)}
    assert rows["Khu phố 1"] == (1, None, None, None, None, 0, 1)  # a month that sent nothing is an empty cell
    assert rows["Khu phố 10"] == (None, None, None, 1, None, 0, 1)
    assert rows["Khu phố 2"] == (None, None, None, None, None, 1, 0)
    assert rows["Tổng"] == (1, 0, 0, 1, 0, 1, None)


@pytest.mark.e2e
def test_lkdata_quality_writes_the_matrix_in_the_report_and_a_workbook(copy_project):
    project = copy_project("reporting-rate")
    env = {**os.environ, "LKDATA_ROOT": str(project)}
    r = subprocess.run([sys.executable, "-m", "lkdata.cli", "quality", "2026-H1", "-q"], capture_output=True,
                       text=True, encoding="utf-8", env=env)  # fmt: skip
    assert r.returncode == 0, r.stdout + r.stderr
    folder = project / "reports" / "quality"
    html = (folder / "chat_luong_du_lieu_2026-H1.html").read_text(encoding="utf-8").replace("\xa0", " ")
    assert "11. Số liệu gửi theo tháng" in html and "Bảng 11. Số bản ghi theo tháng: Hộ sản xuất" in html
    from lkdata.io.store import load

    tables = load(processed=project / "data" / "processed")
    wb = openpyxl.load_workbook(folder / "chat_luong_du_lieu_2026-H1.xlsx")
    ws = wb["Hoạt động"]
    # the workbook's total of January equals the activities the processed table holds for January
    held = pd.to_datetime(tables["activities"]["held_on"])
    january = int(((held >= "2026-01-01") & (held <= "2026-01-31")).sum())
    total = next(r for r in ws.iter_rows(min_row=4, values_only=True) if r[0] == "Tổng")
    assert total[1] == january and january > 0
    assert Path(folder / "chat_luong_du_lieu_2026-H1.xlsx").stat().st_size > 0
