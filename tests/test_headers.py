"""Headers people really write: numbered, with units, misspelt, over two merged rows, under a title; and the
columns that name nothing, proposed from their values, never applied."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import openpyxl
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from survey_form import COLUMNS, FIRST_DATA_ROW, HEADER_ROW, HOUSEHOLDS, write_survey_form

from lkdata.clean.dataset import clean_dataset
from lkdata.clean.guess import propose_field
from lkdata.cli import main
from lkdata.config import DATASETS
from lkdata.io.headers import HeaderIndex, _header_keys, column_letter, header_index
from lkdata.io.ingest import read_file
from lkdata.io.reference import load_reference
from lkdata.jobs.clean_run import run_clean
from lkdata.vn.text import fold

REF = load_reference()
PRODUCERS = header_index(REF.headers["producers"])


# --- one header cell ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("cell", "field", "unit"),
    [
        ("Họ Tên Chủ hộ", "name", None),
        ("1. Họ Tên Chủ hộ", "name", None),
        ("(2) HỌ VÀ TÊN CHỦ HỘ", "name", None),
        ("a) Họ và tên", "name", None),
        ("II. Họ tên", "name", None),
        ("ho va ten chu ho", "name", None),
        ("  Họ   và  tên  ", "name", None),
        ("8. Tổng DT đất (ha)", "farm_area", "ha"),
        ("8) Tổng diện tích đất (m²)", "farm_area", "m2"),
        ("Diện tích (m2)", "farm_area", "m2"),
        ("Diện tích [sào]", "farm_area", "sao"),
        ("DT canh tác (ha)", "farm_area", "ha"),
        ("1.2. Diện tích sản xuất (hecta)", "farm_area", "ha"),
        ("Số điện thoại (di động)", "phone", "di dong"),
        ("4. Số ĐT", "phone", None),
        ("Địa chỉ", "khu_pho", None),
        ("3. Địa chỉ thường trú", "khu_pho", None),
        ("KHU PHỐ", "khu_pho", None),
        ("Tiêu chuẩn chứng nhận (VietGAP/GlobalGAP/hữu cơ)", "gap_standard", "vietgap globalgap huu co"),
        ("Ngày cấp GCN", "gap_issued_on", None),
        ("Hiệu lực đến", "gap_expires_on", None),
        ("Cây trồng chủ lực", "main_crop", None),
    ],
)
def test_header_cells_with_numbering_units_case_and_spacing_name_their_field(cell, field, unit):
    match = PRODUCERS.match(cell)
    assert match is not None and match.exact, cell
    assert (match.field, match.unit) == (field, unit)


@pytest.mark.parametrize(
    ("cell", "field"),
    [
        ("Họ và tê chủ hộ", "name"),  # a letter missing
        ("Dien tich canh tac", "farm_area"),
        ("Diện tích canh tát", "farm_area"),
        ("Số điên thoại", "phone"),
        ("Ngày hết hạng chứng nhận", "gap_expires_on"),
        ("Tiêu chuẩn chứng nhân", "gap_standard"),
        ("Ngày đăng kí", "registered_on"),
    ],
)
def test_near_misses_are_matched_and_marked_as_such(cell, field):
    match = PRODUCERS.match(cell)
    assert match is not None and match.field == field
    assert match.exact == (fold(cell) in {fold(a) for a in REF.headers["producers"][field]})


@pytest.mark.parametrize(
    "cell",
    ["Tiêu chuẩn", "Năm sinh", "Màu áo yêu thích", "Ghi chú", "STT", "DT", "Ngày", "Số", "Tên", "2024", "(8)",
     "Giới tính", "Dân tộc", "Diện tích nhà ở", "Trình độ văn hóa"],
)  # fmt: skip
def test_headers_of_other_things_name_no_field(cell):
    """A bare ``Tiêu chuẩn`` can be any standard: proposed from values, never matched by its name."""
    match = PRODUCERS.match(cell)
    assert match is None or fold(cell) in {fold(a) for a in REF.headers["producers"][match.field]}, (cell, match)
    if cell in ("Tiêu chuẩn", "Năm sinh", "Màu áo yêu thích", "Giới tính", "Dân tộc", "Diện tích nhà ở"):
        assert match is None, (cell, match)


def test_no_header_names_two_fields_of_a_dataset():
    """Every alias, as matched (numbering and brackets folded away), belongs to one field only."""
    for dataset in DATASETS:
        owner: dict[str, str] = {}
        for fld, aliases in REF.headers[dataset].items():
            for alias in aliases:
                for k in set(_header_keys(alias)[:2]):
                    assert owner.setdefault(k, fld) == fld, (dataset, alias, owner[k], fld)


NUMBERINGS = ["", "1. ", "8) ", "(3) ", "a) ", "II. ", "12.1. "]
UNITS = ["", " (ha)", " (đồng)", " (người)", " [m2]"]


@settings(max_examples=150, deadline=None)
@given(
    dataset=st.sampled_from(DATASETS),
    data=st.data(),
    numbering=st.sampled_from(NUMBERINGS),
    unit=st.sampled_from(UNITS),
    style=st.sampled_from(["as is", "upper", "lower", "folded", "spaced"]),
)
def test_any_alias_however_decorated_names_its_own_field(dataset, data, numbering, unit, style):
    fld = data.draw(st.sampled_from(sorted(REF.headers[dataset])))
    alias = data.draw(st.sampled_from(REF.headers[dataset][fld]))
    text = {"as is": alias, "upper": alias.upper(), "lower": alias.lower(), "folded": fold(alias),
            "spaced": "  " + alias.replace(" ", "   ") + " "}[style]  # fmt: skip
    match = HeaderIndex(REF.headers[dataset]).match(numbering + text + unit)
    assert match is not None and match.field == fld and match.exact, (numbering + text + unit, match)


# --- the header row of a sheet ---------------------------------------------------------------------------


def test_a_real_survey_form_is_read(tmp_path: Path):
    """Title rows, a two-row header with merged cells, numbered headers with units, a row of column
    numbers, addresses for khu phố, notes and signatures under the table."""
    rf = read_file(write_survey_form(tmp_path / "phieu_dieu_tra_kp3.xlsx"), "producers", REF)
    assert rf.error is None
    (sheet,) = rf.sheets
    assert sheet.error is None
    assert sheet.header_row == HEADER_ROW
    assert list(sheet.frame["source_row"]) == list(range(FIRST_DATA_ROW, FIRST_DATA_ROW + len(HOUSEHOLDS)))
    assert list(sheet.frame["name"]) == [h[0] for h in HOUSEHOLDS]
    assert list(sheet.frame["khu_pho"]) == [h[2] for h in HOUSEHOLDS]
    assert list(sheet.frame["farm_area"]) == [h[4] for h in HOUSEHOLDS]  # the total, not the "of which"
    assert sheet.units == {"farm_area": "ha"}
    assert set(sheet.frame.columns) == {"source_row", "name", "khu_pho", "phone", "farm_area", "main_crop"}
    assert set(sheet.skipped["reason"]) == {"Dòng ghi chú, chữ ký dưới bảng (bỏ qua)"}
    assert len(sheet.skipped) == 5  # the note, place and date, titles, "(Ký, ghi rõ họ tên)", the names
    assert "2. Năm sinh" in sheet.unmapped and "Tiêu chuẩn" in sheet.unmapped
    assert sheet.proposals == [
        f'Cột "Tiêu chuẩn" (cột {COLUMNS["standard"]}) có giá trị giống cột "Tiêu chuẩn chứng nhận" (VietGAP, '
        'GlobalGAP; 5/5 ô): nếu đúng, thêm "Tiêu chuẩn" vào headers.yaml (producers / gap_standard)'
    ]


def test_a_survey_form_cleans_whole_and_its_proposal_reaches_the_manifest(tmp_path: Path):
    raw = tmp_path / "raw" / "producers"
    raw.mkdir(parents=True)
    write_survey_form(raw / "phieu_dieu_tra_kp3.xlsx")
    run = run_clean(tmp_path / "raw", tmp_path / "out")
    (entry,) = run.manifest["datasets"]["producers"]["files"]
    assert (entry["status"], entry["rows_in"], entry["clean"], entry["skipped"]) == ("ok", 10, 5, 5)
    (sheet,) = entry["sheets"]
    assert sheet["header_row"] == HEADER_ROW and "Tiêu chuẩn" in sheet["proposals"][0]
    table = run.tables["producers"]
    assert table["khu_pho"].eq("Khu phố 3").all()  # every address read to its khu phố
    assert table["farm_area_ha"].tolist() == [2.5, 1.2, 0.8, 3.0, 1.5]
    assert not table["gap_standard"].isin(["VietGAP", "GlobalGAP"]).any()  # proposed, never applied


def test_the_row_naming_the_required_columns_wins_over_a_busier_one(tmp_path: Path):
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["Diện tích", "Cây trồng", "Ngày đăng ký", "Tập huấn"])  # a legend: four fields, none required
    ws.append(["STT", "Họ và tên", "Khu phố", "Diện tích"])
    ws.append([1, "Nguyễn Văn Ba", "KP1", 2])
    wb.save(tmp_path / "w.xlsx")
    (sheet,) = read_file(tmp_path / "w.xlsx", "producers", REF).sheets
    assert (sheet.header_row, sheet.error, list(sheet.frame["name"])) == (2, None, ["Nguyễn Văn Ba"])


def test_a_near_miss_header_is_read_and_said(tmp_path: Path):
    wb = openpyxl.Workbook()
    wb.active.append(["STT", "Họ và tê chủ hộ", "Khu phố"])
    wb.active.append([1, "Nguyễn Văn Ba", "KP1"])
    wb.save(tmp_path / "w.xlsx")
    (sheet,) = read_file(tmp_path / "w.xlsx", "producers", REF).sheets
    assert list(sheet.frame["name"]) == ["Nguyễn Văn Ba"]
    assert sheet.notes == ['Cột "Họ và tê chủ hộ" (cột B) được hiểu là "Họ và tên chủ hộ" (gần đúng chính tả; '
                           "nếu sai, sửa tên cột)"]  # fmt: skip


def test_header_not_found_names_the_columns_needed_their_aliases_and_the_closest_row(tmp_path: Path):
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["BÁO CÁO TỔNG HỢP"])
    ws.append([None])
    ws.append(["No.", "Household head", "Họ và tên", "Area (ha)"])
    ws.append([1, "Nguyen Van Ba", "Nguyễn Văn Ba", 2])
    wb.save(tmp_path / "w.xlsx")
    (sheet,) = read_file(tmp_path / "w.xlsx", "producers", REF).sheets
    assert sheet.header_row is None
    assert sheet.error.startswith("Không tìm thấy dòng tiêu đề (tên cột) trong 40 dòng đầu: cần cột 'Họ và tên chủ hộ'")
    for alias in (*REF.headers["producers"]["name"], *REF.headers["producers"]["khu_pho"]):
        assert alias in sheet.error
    assert "dòng 3: “No. | Household head | Họ và tên | Area (ha)” (nhận ra: 'Họ và tên chủ hộ')" in sheet.error
    assert len(sheet.frame) == 3  # every row with something in it is kept, to be quarantined


def test_a_missing_required_column_says_which_unused_column_looks_like_it(tmp_path: Path):
    wb = openpyxl.Workbook()
    wb.active.append(["STT", "Họ và tên", "Nơi sinh sống", "Diện tích"])
    for i, kp in enumerate(["Tổ 1, KP 2", "KP3", "Khu phố 4, P. Long Khánh"]):
        wb.active.append([i + 1, f"Hộ {i}", kp, 1])
    wb.save(tmp_path / "w.xlsx")
    (sheet,) = read_file(tmp_path / "w.xlsx", "producers", REF).sheets
    assert "Thiếu cột bắt buộc 'Khu phố'" in sheet.error
    assert 'Cột "Nơi sinh sống" (cột C) có giá trị giống cột "Khu phố" (' in sheet.error
    assert sheet.proposals and "headers.yaml (producers / khu_pho)" in sheet.proposals[0]


def test_a_header_pasted_twice_is_a_repeated_header_not_a_sub_header(tmp_path: Path):
    wb = openpyxl.Workbook()
    header = ["STT", "Họ và tên", "Khu phố"]
    for row in (header, header, [1, "Nguyễn Văn Ba", "KP1"]):
        wb.active.append(row)
    wb.save(tmp_path / "w.xlsx")
    (sheet,) = read_file(tmp_path / "w.xlsx", "producers", REF).sheets
    assert (sheet.header_row, len(sheet.frame), list(sheet.skipped["reason"])) == (
        1, 1, ["Dòng tiêu đề lặp lại (bỏ qua)"])  # fmt: skip


def test_column_letters():
    assert [column_letter(c) for c in (0, 5, 25, 26, 27, 701, 702)] == ["A", "F", "Z", "AA", "AB", "ZZ", "AAA"]


# --- proposals from values --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("dataset", "values", "fields"),
    [
        ("producers", ["Tổ 1, KP 2", "KP3", "Khu phố 4", "kp 05", "Khu phố 2, phường Long Khánh"], ("khu_pho",)),
        ("producers", ["VietGAP", "GlobalGAP", "không", "Viet GAP", "hữu cơ"], ("gap_standard",)),
        ("producers", ["Sầu riêng", "chôm chôm", "Bơ 034", "Xoài cát Hòa Lộc", "sau rieng"], ("main_crop",)),
        ("producers", ["0912345678", 912345679, "091 234 5670", "+84912345671", "0987654321"], ("phone",)),
        ("producers", ["079123456789", "079123456780", "079123456781"], ("id_card",)),
        ("producers", [dt.datetime(2024, 5, 1), "15/3/2025", "2/4/26", "ngày 02 tháng 4 năm 2026"],
         ("gap_issued_on", "gap_expires_on", "registered_on")),
        ("producers", ["Có", "Không", "x", "có", "không"], ("trained", "ecommerce")),
        ("cooperatives", ["HTX", "THT", "Hợp tác xã", "tổ hợp tác"], ("kind",)),
        ("activities", ["Tập huấn", "Hội chợ", "tap huan"], ("kind",)),
    ],
)  # fmt: skip
def test_an_unused_column_is_proposed_from_its_values(dataset, values, fields):
    proposal = propose_field(pd.Series(values, dtype=object), dataset, REF, taken=set())
    assert proposal is not None and proposal.fields == fields


@pytest.mark.parametrize(
    "values",
    [
        ["Nguyễn Văn An", "Trần Thị Bình", "Lê Văn Cường"],  # names
        ["2,5", "1.200", 3, 4.5],  # numbers: not dates, not phones, not yes/no
        [1968, 1975, 1980],  # birth years
        [45000, 45001, 45002],  # numbers in the range of Excel dates
        ["Ấp 2", "Ấp 3", "Tổ 1"],  # hamlets and groups: not khu phố
        ["hộ nghèo", "hộ cận nghèo", "khá"],
        [None, "", "  "],
    ],
)
def test_columns_of_other_things_get_no_proposal(values):
    assert propose_field(pd.Series(values, dtype=object), "producers", REF, taken=set()) is None


def test_a_column_of_only_no_is_no_certification_column():
    proposal = propose_field(pd.Series(["không", "Không", "không"], dtype=object), "producers", REF, taken=set())
    assert proposal is not None and proposal.kind == "bool"  # a yes/no column, maybe; no certification


def test_a_field_the_sheet_already_has_is_never_proposed():
    values = pd.Series(["VietGAP", "GlobalGAP"], dtype=object)
    assert propose_field(values, "producers", REF, taken={"gap_standard"}) is None


# --- units and the exit status ---------------------------------------------------------------------------------


def test_money_in_a_header_unit_is_read_in_that_unit():
    raw = pd.DataFrame({"name": ["HTX A", "HTX B", "HTX C"], "kind": ["HTX"] * 3,
                        "charter_capital": ["500", "1,5 tỷ", 300], "_unit_charter_capital": ["trieu dong"] * 3,
                        "source_file": ["a.xlsx"] * 3, "source_sheet": ["S"] * 3, "source_row": [2, 3, 4]})  # fmt: skip
    out = clean_dataset("cooperatives", raw, REF).clean
    assert out["charter_capital_vnd"].tolist() == [500_000_000, 1_500_000_000, 300_000_000]


def _no_header_file(folder: Path) -> None:
    wb = openpyxl.Workbook()
    wb.active.append(["No.", "Household", "Area"])
    wb.active.append([1, "Nguyen Van Ba", 2])
    wb.save(folder / "tieng_anh.xlsx")


def test_a_file_of_which_no_row_is_accepted_makes_clean_exit_1_naming_it(tmp_path: Path, capsys):
    raw = tmp_path / "raw" / "producers"
    raw.mkdir(parents=True)
    _no_header_file(raw)
    write_survey_form(raw / "phieu_kp3.xlsx")
    code = main(["clean", "--raw", str(tmp_path / "raw"), "--out", str(tmp_path / "out"), "--force"])
    said = capsys.readouterr()
    assert code == 1
    assert "1 tệp không có dòng nào được nhận (producers/tieng_anh.xlsx)" in said.err
    assert "LỖI  producers/tieng_anh.xlsx: Không nhận được dòng nào của tệp" in said.out
    assert "Gợi ý  producers/phieu_kp3.xlsx / trang 'KP3': Cột \"Tiêu chuẩn\"" in said.out
    assert pd.read_parquet(tmp_path / "out" / "producers.parquet").shape[0] == 5  # the other file is written


def test_a_csv_export_gets_its_proposals_too(tmp_path: Path):
    lines = ["STT;Họ và tên;Khu phố;Tiêu chuẩn;ĐT liên lạc;Ngày cấp giấy"]
    lines += [f"{i};Hộ {i};KP{i};{c};09123456{i:02d};0{i}/3/2024" for i, c in enumerate(["VietGAP", "GlobalGAP"], 1)]
    (tmp_path / "x.csv").write_text("\n".join(lines), encoding="utf-8-sig")
    (sheet,) = read_file(tmp_path / "x.csv", "producers", REF).sheets
    assert sheet.error is None and sheet.unmapped == ["Tiêu chuẩn", "ĐT liên lạc", "Ngày cấp giấy"]
    assert [p.split(" có giá trị ")[0] for p in sheet.proposals] == [
        'Cột "Tiêu chuẩn" (cột D)', 'Cột "ĐT liên lạc" (cột E)', 'Cột "Ngày cấp giấy" (cột F)']  # fmt: skip
    assert "(producers / phone)" in sheet.proposals[1]
    assert '"Ngày cấp chứng nhận", "Ngày hết hạn chứng nhận", "Ngày đăng ký"' in sheet.proposals[2]
