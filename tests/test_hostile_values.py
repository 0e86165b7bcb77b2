"""Hostile values in cells (issue 15): dates no one means, absurd numbers, one bad optional cell.

Nothing stops a clean: a date of 31/12/9999, a year-1 date cell, a serial beyond Excel's dates, ``1e308``,
``∞``; each is a reason in its row (an optional value left empty and noted, the record kept; a required one,
or an end whose blank would say "runs on", quarantines the row), an end date of 31/12/9999 is no end, and
nothing non-finite or beyond a field's hard limit is ever stored, or read back from a processed table.
Property tests put random date-like and numeric cells through a real clean.
"""

from __future__ import annotations

import csv
import datetime as dt
import os
from pathlib import Path

import numpy as np
import openpyxl
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from lkdata.clean.dataset import clean_dataset
from lkdata.clean.fields import fields
from lkdata.clean.validate import stored_problems
from lkdata.errors import ProcessedDataError
from lkdata.io.reference import load_reference
from lkdata.io.store import load
from lkdata.jobs.clean_run import run_clean

REF = load_reference()
AS_OF = dt.date(2026, 11, 30)
EXAMPLES = int(os.environ.get("LKDATA_PROPERTY_EXAMPLES", 12))


def _raw(dataset: str, rows: list[dict]) -> pd.DataFrame:
    df = pd.DataFrame(rows, dtype=object)
    df["source_file"] = f"{dataset}/thu.xlsx"
    df["source_sheet"] = "Trang 1"
    df["source_row"] = range(2, 2 + len(df))
    return df


COOP = {"name": "HTX Nông nghiệp Suối Tre", "kind": "HTX", "khu_pho": "KP1"}
LINK = {"lead_party": "HTX Nông nghiệp Suối Tre", "start_on": "01/03/2025", "area": "25"}


# --- one bad cell: the schema decides ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("dataset", "row", "column", "said"),
    [
        ("cooperatives", {**COOP, "ocop_product": "Bơ sáp", "ocop_stars": "25"}, "ocop_stars",
         "Số sao OCOP phải là 3, 4 hoặc 5: 25 (đã để trống)"),
        ("cooperatives", {**COOP, "established_on": "1998"}, "established_on",
         "Ngày thành lập chỉ ghi năm: 1998 (cần ghi đủ ngày) (đã để trống)"),
        ("cooperatives", {**COOP, "established_on": dt.datetime(9999, 12, 31)}, "established_on",
         "Ngày thành lập không hợp lệ (năm phải từ 1900 đến 2100): 31/12/9999 (đã để trống)"),
        ("cooperatives", {**COOP, "members": "1e308"}, "members", "Số thành viên quá lớn: 1e308 (đã để trống)"),
        ("cooperatives", {**COOP, "ocop_year": "năm 20199"}, "ocop_year",
         "Năm công nhận OCOP không hợp lệ: năm 20199 (đã để trống)"),
        ("linkages", {**LINK, "approved_on": "31/12/9999"}, "approved_on",
         "Ngày phê duyệt không hợp lệ (năm phải từ 1900 đến 2100): 31/12/9999 (đã để trống)"),
        ("linkages", {**LINK, "volume_t": "∞"}, "volume_t", "Sản lượng tiêu thụ không đọc được: ∞ (đã để trống)"),
        ("producers", {"name": "Lê Văn Ba", "khu_pho": "KP1", "registered_on": "2020/10/29"}, None, None),
    ],
)  # fmt: skip
def test_a_bad_optional_value_is_left_empty_and_the_record_kept(dataset, row, column, said):
    r = clean_dataset(dataset, _raw(dataset, [row]), REF, as_of=AS_OF)
    assert r.quarantine.empty, r.quarantine["reasons"].tolist()
    (record,) = r.clean.to_dict("records")
    if column is None:  # "2020/10/29": read, year first
        assert record["registered_on"] == pd.Timestamp(2020, 10, 29) and pd.isna(record["issues"])
        return
    assert pd.isna(record[column]) and said in record["issues"]


@pytest.mark.parametrize(
    ("dataset", "row", "reason"),
    [
        ("cooperatives", {**COOP, "dissolved_on": "31/02/2020"}, "Ngày giải thể không hợp lệ: 31/02/2020"),
        ("cooperatives", {**COOP, "dissolved_on": "1/1/0001"}, "Ngày giải thể không hợp lệ (năm phải từ 1900"),
        ("linkages", {**LINK, "end_on": "2020"}, "Ngày kết thúc chỉ ghi năm: 2020"),
        ("linkages", {**LINK, "start_on": "31/12/9999"}, "Ngày bắt đầu không hợp lệ (năm phải từ 1900 đến 2100)"),
        ("cooperatives", {**COOP, "kind": "Công ty"}, "Loại hình không phải HTX hoặc THT: Công ty"),
    ],
)  # fmt: skip
def test_a_bad_required_value_or_an_end_whose_blank_means_running_quarantines_the_row(dataset, row, reason):
    """Left empty, a dissolution or a contract's end would say the opposite of what was written: it runs on."""
    r = clean_dataset(dataset, _raw(dataset, [row]), REF, as_of=AS_OF)
    assert r.clean.empty and reason in r.quarantine["reasons"].iloc[0]


@pytest.mark.parametrize(
    ("dataset", "row", "column", "label"),
    [
        ("producers", {"name": "Lê Văn Ba", "khu_pho": "KP1", "gap_standard": "VietGAP", "gap_issued_on": "1/3/2024",
                       "gap_expires_on": dt.datetime(9999, 12, 31)}, "gap_expires_on", "Ngày hết hạn chứng nhận"),
        ("cooperatives", {**COOP, "dissolved_on": "31/12/9999"}, "dissolved_on", "Ngày giải thể"),
        ("linkages", {**LINK, "end_on": "Không thời hạn"}, "end_on", "Ngày kết thúc"),
        ("linkages", {**LINK, "end_on": 2958465}, "end_on", "Ngày kết thúc"),
    ],
)  # fmt: skip
def test_an_end_of_31_12_9999_is_no_end_left_empty_and_noted(dataset, row, column, label):
    r = clean_dataset(dataset, _raw(dataset, [row]), REF, as_of=AS_OF)
    (record,) = r.clean.to_dict("records")
    assert pd.isna(record[column])  # never a date, and never a default one
    assert f"{label} không thời hạn: " in record["issues"] and "(để trống)" in record["issues"]


# --- random date-like and numeric cells through a real clean -------------------------------------------

HEADER = ["STT", "Họ và tên chủ hộ", "Khu phố", "Diện tích (ha)", "Ngày đăng ký", "Tiêu chuẩn chứng nhận",
          "Ngày cấp chứng nhận", "Ngày hết hạn chứng nhận"]  # fmt: skip
_NAMES = ["Nguyễn Văn An", "Trần Thị Bình", "Lê Hoàng Cường", "Phạm Thị Dung", "Võ Minh Đức", "Đặng Văn Em"]

_DATE_TEXT = st.builds(
    lambda d, m, y, form: form.format(d=d, m=m, y=y),
    st.integers(0, 40),
    st.integers(0, 14),
    st.one_of(st.integers(1890, 2110), st.sampled_from([0, 1, 99, 999, 2999, 9999, 10000, 99999])),
    st.sampled_from(["{d}/{m}/{y}", "{y}-{m}-{d}", "{y}/{m}/{d}", "{d}.{m}.{y}", "năm {y}", "{y}", "tháng {m}/{y}",
                     "ngày {d} tháng {m} năm {y}", "{d}/{m}/{y} 10:30"]),
)  # fmt: skip
DATE_CELL = st.one_of(
    _DATE_TEXT,
    st.datetimes(dt.datetime(1, 1, 1), dt.datetime(9999, 12, 31, 23, 59)),
    st.floats(allow_nan=True, allow_infinity=True),
    st.integers(-(10**7), 10**7),
    st.sampled_from(["Không thời hạn", "vô thời hạn", "31/12/9999", "99/99/9999", "00/00/0000", "", None, "-"]),
    st.text(st.characters(exclude_categories=("Cc", "Cs")), max_size=12),  # what a cell can hold
)
NUMBER_CELL = st.one_of(
    st.floats(allow_nan=True, allow_infinity=True),
    st.integers(-(10**20), 10**20),
    st.builds(lambda x, form: form.format(x=x), st.floats(-1e30, 1e30, allow_nan=False),
              st.sampled_from(["{x}", "{x:e}", "{x:E} ha", "{x:.3f} m2", "{x:,.2f}", "{x:_.0f} sào"])),
    st.sampled_from(["1e308", "-1e308", "1E+308", "inf", "∞", "Infinity", "NaN", "1.000.000.000.000.000",
                     "9" * 400, "1,5E+11", "0", "-0", "2 - 3 ha", "", None]),
)  # fmt: skip


def _write(folder: Path, rows: list[list], as_csv: bool) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    if as_csv:  # as Excel exports it: dates as shown, quotes where a cell needs them
        show = lambda v: "" if v is None else f"{v:%d/%m/%Y}" if isinstance(v, dt.date) else str(v)  # noqa: E731
        with open(folder / "ds.csv", "w", encoding="utf-8-sig", newline="") as fh:
            out = csv.writer(fh, delimiter=";")
            out.writerows([HEADER, *([show(c) for c in r] for r in rows)])
        return
    wb = openpyxl.Workbook()
    wb.active.append(HEADER)
    for r in rows:
        wb.active.append([c.replace("\x00", "") if isinstance(c, str) else c for c in r])
    wb.save(folder / "ds.xlsx")


def _said_about(run, label: str) -> str:
    table, q = run.tables["producers"], run.quarantine["producers"]
    return " ".join([*table["issues"].dropna(), *q["reasons"].dropna()]) if label else ""


def _checked(run) -> pd.DataFrame:
    """The run finished, the accounting holds, nothing stored is beyond its limits."""
    assert not run.failed_datasets, run.failed_datasets
    [entry] = run.manifest["datasets"]["producers"]["files"]
    assert entry["status"] in ("ok", "rejected"), entry["error"]
    assert entry["rows_in"] == entry["clean"] + entry["quarantined"] + entry["duplicates"] + entry["skipped"]
    table = run.tables["producers"]
    assert stored_problems("producers", table) == []
    for spec in fields("producers"):
        col = table[spec.column]
        if spec.kind in ("area", "number", "int", "money"):
            values = col.to_numpy(dtype=float, na_value=np.nan)
            assert np.isfinite(values[~np.isnan(values)]).all()
        if spec.kind == "date":
            assert col.dropna().dt.year.between(1900, 2100).all()
    return table


_SETTINGS = settings(max_examples=EXAMPLES, deadline=None,
                     suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])  # fmt: skip


@_SETTINGS
@given(cells=st.lists(st.tuples(DATE_CELL, DATE_CELL, DATE_CELL), min_size=1, max_size=6), as_csv=st.booleans())
def test_any_date_like_cell_is_a_date_a_reason_or_no_end_and_the_clean_finishes(cells, as_csv, tmp_path_factory):
    base = tmp_path_factory.mktemp("dates")
    rows = [[i + 1, _NAMES[i], "Khu phố 1", 1.5, reg, "VietGAP", issued, expires]
            for i, (reg, issued, expires) in enumerate(cells)]  # fmt: skip
    _write(base / "raw" / "producers", rows, as_csv)
    run = run_clean(base / "raw", base / "processed", write=False, as_of=AS_OF)
    table = _checked(run)
    said = _said_about(run, "Ngày")
    # every date cell that gave no date is said: a reason, or "không thời hạn" for an expiry
    for i, (reg, issued, expires) in enumerate(cells):
        rec = table[table["name"] == _NAMES[i]]
        for cell, column, label in ((reg, "registered_on", "Ngày đăng ký"), (issued, "gap_issued_on", "Ngày cấp"),
                                    (expires, "gap_expires_on", "Ngày hết hạn")):  # fmt: skip
            blank = cell is None or (isinstance(cell, str) and cell.strip().lower() in ("", "-", "nan", "none"))
            blank = blank or (isinstance(cell, float) and np.isnan(cell)) or (not as_csv and cell == float("inf"))
            if blank or (len(rec) and pd.notna(rec[column].iloc[0])):
                continue
            assert label in said, (cell, column)


@_SETTINGS
@given(cells=st.lists(NUMBER_CELL, min_size=1, max_size=6), as_csv=st.booleans())
def test_any_numeric_cell_is_stored_finite_and_within_its_limits(cells, as_csv, tmp_path_factory):
    base = tmp_path_factory.mktemp("numbers")
    rows = [[i + 1, _NAMES[i], "Khu phố 2", cell, "15/3/2025", None, None, None] for i, cell in enumerate(cells)]
    _write(base / "raw" / "producers", rows, as_csv)
    run = run_clean(base / "raw", base / "processed", write=False, as_of=AS_OF)
    table = _checked(run)
    area = table["farm_area_ha"].dropna()
    assert ((area > 0) & (area <= 5000)).all()
    assert len(table) + len(run.quarantine["producers"]) == len(cells)  # a bad area never sets a household aside
    assert run.quarantine["producers"].empty


# --- read back: a table edited elsewhere --------------------------------------------------------------


def test_a_processed_table_holding_what_no_clean_writes_is_refused_with_file_column_row_and_value(tmp_path):
    base = tmp_path / "p"
    _write(base / "raw" / "producers", [[1, "Nguyễn Văn An", "Khu phố 1", 1.5, "15/3/2025", None, None, None],
                                        [2, "Trần Thị Bình", "Khu phố 1", 2.5, "15/3/2025", None, None, None]],
           as_csv=False)  # fmt: skip
    run_clean(base / "raw", base / "processed", as_of=AS_OF)
    path = base / "processed" / "producers.parquet"
    df = pd.read_parquet(path)
    assert stored_problems("producers", df) == []
    df.loc[0, "farm_area_ha"] = np.inf
    df.loc[1, "farm_area_ha"] = 1e308
    df.to_parquet(path, index=False)
    with pytest.raises(ProcessedDataError) as err:
        load("producers", base / "processed")
    said = str(err.value)
    assert str(path) in said and "Diện tích (farm_area_ha)" in said
    assert "producers/ds.xlsx trang “Sheet” dòng 2: inf" in said and "dòng 3: 1e+308" in said
    assert "lkdata clean --force" in said
    path.write_bytes(b"PAR1 not a table")
    with pytest.raises(ProcessedDataError, match="Không đọc được bảng đã làm sạch"):
        load("producers", base / "processed")


@pytest.mark.parametrize(
    ("column", "values", "found"),
    [
        ("farm_area_ha", [1.5, -np.inf], "-inf"),
        ("farm_area_ha", [1.5, 6000.0], "6000"),
        ("farm_area_ha", [1.5, 0.0], ": 0"),  # an area is more than 0
        ("registered_on", pd.to_datetime(["2025-01-01", "1899-12-31"]), "31/12/1899"),
        ("registered_on", ["2025-01-01", "hôm qua"], "không phải ngày"),
        ("farm_area_ha", ["2,5", "abc"], "không phải số"),
    ],
)
def test_stored_problems_name_each_kind_of_value_no_clean_stores(column, values, found):
    df = pd.DataFrame({"name": ["A", "B"], column: values, "source_file": "producers/x.xlsx",
                       "source_sheet": [None, "KP1"], "source_row": [2, 3]})  # fmt: skip
    problems = stored_problems("producers", df)
    assert len(problems) == 1 and found in problems[0], problems


def test_dates_of_other_units_read_back_are_checked_too():
    """Another program may write timestamps in ms: 9999 fits there, and is refused."""
    when = pd.Series([pd.Timestamp("2025-01-01").as_unit("ms"), pd.Timestamp("9999-12-31").as_unit("ms")])
    df = pd.DataFrame({"registered_on": when.astype("datetime64[ms]")})
    (problem,) = stored_problems("producers", df)
    assert "31/12/9999" in problem and "bản ghi thứ 2" in problem
