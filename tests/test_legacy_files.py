"""Whole files typed in a legacy font: headers, names and catalogue columns (khu phố, crops,
certifications) all read back, with or without the font, from a workbook or a CSV of the font's bytes.

The legacy text is made by ``tests/legacy_codec.py``, written from the published tables independently of
lkdata's own.
"""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pandas as pd
import pytest
from legacy_codec import encode
from openpyxl.styles import Font

from lkdata.jobs.clean_run import run_clean
from lkdata.vn.legacy import decode_legacy
from lkdata.vn.text import fold, invalid_words

HEADER = ["STT", "Họ và tên chủ hộ", "Khu phố", "Diện tích (ha)", "Cây trồng chính", "Tiêu chuẩn chứng nhận",
          "Ngày đăng ký"]  # fmt: skip
ROWS = [
    [1, "Nguyễn Văn Hùng", "Khu phố 3", "2,5", "Sầu riêng", "hữu cơ", "15/3/2025"],
    [2, "Trần Thị Lưu", "Khu phố 12", "1,2", "Chôm chôm", "không", "16/3/2025"],
    [3, "Lê Văn Đức", "Khu phố 5", "3", "Bơ", "VietGAP", "17/3/2025"],
    [4, "Phạm Thị Thu Hường", "Khu phố 1", "0,8", "Măng cụt", "VietGAP", "18/3/2025"],
]
FONTS = {"tcvn3": ".VnTime", "vni": "VNI-Times"}


def _write(folder: Path, encoding: str, form: str) -> None:
    header = [encode(h, encoding) for h in HEADER]
    rows = [[encode(c, encoding) if isinstance(c, str) else c for c in r] for r in ROWS]
    if form == "csv":  # the font's bytes saved as they are: read as Windows-1252
        lines = [";".join(header)] + [";".join(str(c) for c in r) for r in rows]
        (folder / "ho.csv").write_bytes("\n".join(lines).encode("cp1252"))
        return
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(header)
    for r in rows:
        ws.append(r)
    if form == "font":
        for row in ws.iter_rows():
            for cell in row:
                cell.font = Font(name=FONTS[encoding])
    wb.save(folder / "ho.xlsx")


@pytest.mark.parametrize("form", ["font", "no font", "csv"])
@pytest.mark.parametrize("encoding", ["tcvn3", "vni"])
def test_a_file_typed_in_a_legacy_font_reads_back_whole(tmp_path: Path, encoding: str, form: str):
    folder = tmp_path / "raw" / "producers"
    folder.mkdir(parents=True)
    _write(folder, encoding, form)
    run = run_clean(tmp_path / "raw", tmp_path / "out", write=False)
    entry = run.manifest["datasets"]["producers"]["files"][0]
    assert entry["status"] == "ok" and entry["clean"] == len(ROWS), entry
    sheet = entry["sheets"][0]
    assert not sheet["unmapped_columns"] and not sheet["notes"], sheet  # every header read exactly, once decoded
    table = run.tables["producers"].sort_values("source_row")
    assert list(table["name"]) == [r[1] for r in ROWS]
    assert list(table["khu_pho"]) == [r[2] for r in ROWS]
    assert list(table["main_crop"]) == [r[4].lower() for r in ROWS]
    assert list(table["gap_standard"]) == ["hữu cơ", "không", "VietGAP", "VietGAP"]
    assert list(table["registered_on"]) == [pd.Timestamp(2025, 3, 15 + i) for i in range(len(ROWS))]


def test_catalogue_values_that_read_as_vietnamese_are_not_decoded(tmp_path: Path):
    """A catalogue cell the catalogue knows as typed is never decoded, whatever the cell's font."""
    folder = tmp_path / "raw" / "producers"
    folder.mkdir(parents=True)
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(HEADER)
    for r in ROWS:
        ws.append(r)
    for row in ws.iter_rows():
        for cell in row:
            cell.font = Font(name=".VnTime")
    wb.save(folder / "ho.xlsx")
    run = run_clean(tmp_path / "raw", tmp_path / "out", write=False)
    table = run.tables["producers"].sort_values("source_row")
    assert list(table["name"]) == [r[1] for r in ROWS] and list(table["khu_pho"]) == [r[2] for r in ROWS]


def _legacy_column_with(name: str, encoding: str, tmp_path: Path) -> pd.Series:
    """The cleaned row of ``name`` typed in ``encoding`` below three other legacy names (a CSV, no font)."""
    folder = tmp_path / "raw" / "producers"
    folder.mkdir(parents=True)
    others = ["Nguyễn Văn Hùng", "Trần Thị Lưu", "Lê Văn Đức"]
    rows = [[i + 1, encode(n, encoding), "Khu phố 1", str(i + 1), "Sầu riêng", "không", "15/3/2025"]
            for i, n in enumerate([*others, name])]  # fmt: skip
    lines = [";".join(HEADER)] + [";".join(str(c) for c in r) for r in rows]
    (folder / "ho.csv").write_text("\n".join(lines), encoding="utf-8")
    table = run_clean(tmp_path / "raw", tmp_path / "out", write=False).tables["producers"]
    assert list(table["name"].head(3)) == others
    return table.iloc[3]


@pytest.mark.parametrize(("name", "encoding"), [("Khúc Thừa Dụ", "tcvn3"), ("Hồ Thị Hoa", "vni")])
def test_a_legacy_name_that_also_reads_as_vietnamese_is_flagged_not_changed(tmp_path, name, encoding):
    """``Khóc Thõa Dô`` (TCVN3) and ``Hòa Thò Hoa`` (VNI) read as Vietnamese as typed: left as they are
    (Unicode typed into a legacy template reads so too), but flagged when the sheet's other names are legacy."""
    typed = encode(name, encoding)
    assert invalid_words(typed) == 0 and decode_legacy(typed, encoding) == name  # the premise: both read
    row = _legacy_column_with(name, encoding, tmp_path)
    assert row["name"] != name and fold(row["name"]) == fold(typed)  # kept as typed (tone placement normalised)
    assert row["issues"] == f"Tên có thể gõ bằng phông cũ mà chưa chuyển mã: {row['name']} → {name}?"


@pytest.mark.parametrize(("name", "encoding"), [("Lê Hữu Trác", "tcvn3"), ("Vũ Thị Sáu", "tcvn3")])
def test_a_legacy_name_that_reads_as_no_vietnamese_is_repaired(tmp_path, name, encoding):
    assert invalid_words(encode(name, encoding)) > 0  # the premise: garbled as typed
    row = _legacy_column_with(name, encoding, tmp_path)
    assert row["name"] == name and pd.isna(row["issues"])


def test_unicode_names_alone_are_never_flagged(tmp_path):
    folder = tmp_path / "raw" / "producers"
    folder.mkdir(parents=True)
    rows = [[i + 1, n, "Khu phố 1", str(i + 1), "Sầu riêng", "không", "15/3/2025"]
            for i, n in enumerate(["Lê Huy", "Hồ Thị Hoa", "Vũ Thị Sáu", "Khúc Thừa Dụ"])]  # fmt: skip
    lines = [";".join(HEADER)] + [";".join(str(c) for c in r) for r in rows]
    (folder / "ho.csv").write_text("\n".join(lines), encoding="utf-8")
    table = run_clean(tmp_path / "raw", tmp_path / "out", write=False).tables["producers"]
    assert table["issues"].isna().all()
