"""The corpus of bad inputs, made by code (no binaries committed), and what lkdata does with each.

Each case writes one or more files into ``raw/producers/`` beside nothing else, and states its outcome:
the rows accepted, quarantined and skipped, or the file failed with a message. ``CASES`` is also the
README's table (a test keeps the two the same).
"""

from __future__ import annotations

import datetime as dt
import shutil
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

HEADER = ["STT", "Họ và tên chủ hộ", "Số điện thoại", "Khu phố", "Diện tích (ha)", "Cây trồng chính", "Ngày đăng ký"]


def _rows(n: int = 3, start: int = 0) -> list[list]:
    names = ["Nguyễn Văn An", "Trần Thị Bình", "Lê Hoàng Cường", "Phạm Thị Dung", "Võ Minh Đức", "Đặng Văn Em"]
    return [[i + 1, names[(start + i) % len(names)], f"09{12345670 + start + i:08d}", f"Khu phố {1 + (start + i) % 5}",
             1.5 + i, "sầu riêng", dt.datetime(2025, 3, 1 + i)] for i in range(n)]  # fmt: skip


def _xlsx(path: Path, rows: list[list], *, title_rows: int = 0, extra=None) -> None:
    import openpyxl

    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Danh sách"
    for _ in range(title_rows):
        ws.append(["DANH SÁCH HỘ SẢN XUẤT (bảng thử)"])
    ws.append(HEADER)
    for r in rows:
        ws.append(r)
    if extra:
        extra(wb, ws)
    wb.save(path)


@dataclass(frozen=True)
class Case:
    """One kind of bad input: how to make it, and what lkdata does with it."""

    key: str
    label: str  # the README's first column
    outcome: str  # the README's second column
    make: Callable[[Path], None]
    status: str = "ok"  # "ok" or "failed"
    rows_in: int | None = None
    clean: int | None = None
    quarantined: int | None = None
    skipped: int | None = None
    duplicates: int | None = None
    message: str = ""  # in the file's error, or among its notes and reasons
    probable: int | None = None  # households listed in review/probable_duplicates.csv


def _empty(folder: Path) -> None:
    (folder / "trong.xlsx").write_bytes(b"")


def _header_only(folder: Path) -> None:
    _xlsx(folder / "chi_co_tieu_de.xlsx", [])


def _garbage(folder: Path) -> None:
    (folder / "rac.xlsx").write_bytes(bytes(range(256)) * 64)


def _truncated(folder: Path) -> None:
    buf = folder / "day_du.xlsx"
    _xlsx(buf, _rows(20))
    data = buf.read_bytes()
    buf.unlink()
    (folder / "bi_cat.xlsx").write_bytes(data[: len(data) // 2])


def _password(folder: Path) -> None:
    from msoffcrypto.format.ooxml import OOXMLFile

    plain = folder / "mo.xlsx"
    _xlsx(plain, _rows(3))
    with open(plain, "rb") as src, open(folder / "co_mat_khau.xlsx", "wb") as dst:
        OOXMLFile(src).encrypt("matkhau", dst)
    plain.unlink()


def _xls(folder: Path) -> None:
    import xlwt

    wb = xlwt.Workbook(encoding="utf-8")
    ws = wb.add_sheet("Danh sach")
    for j, h in enumerate(HEADER):
        ws.write(0, j, h)
    date_style = xlwt.easyxf(num_format_str="DD/MM/YYYY")
    for i, r in enumerate(_rows(4), 1):
        for j, v in enumerate(r):
            ws.write(i, j, v, date_style) if isinstance(v, dt.datetime) else ws.write(i, j, v)
    wb.save(str(folder / "kieu_cu.xls"))


def _bad_encoding(folder: Path) -> None:
    lines = [";".join(HEADER)] + [";".join(str(c) for c in r) for r in _rows(3)]
    text = "\n".join(lines).encode("utf-8")
    (folder / "bang_ma_la.csv").write_bytes(text.replace(b"\xe1", b"\x81\x8d\x8f\x90"))


def _header_row_15(folder: Path) -> None:
    _xlsx(folder / "tieu_de_dong_15.xlsx", _rows(3), title_rows=14)


def _totals_middle(folder: Path) -> None:
    rows = [*_rows(2), [None, "Tổng cộng", None, None, 3.0, None, None], *_rows(2, start=2)]
    _xlsx(folder / "tong_giua.xlsx", rows)


def _merged(folder: Path) -> None:
    def merge(wb, ws):
        for r in (3, 4):  # khu phố written once for three households, the cell merged down
            ws.cell(r, 4).value = None
        ws.merge_cells(start_row=2, start_column=4, end_row=4, end_column=4)

    _xlsx(folder / "o_gop.xlsx", _rows(3), extra=merge)


def _formulas(folder: Path) -> None:
    import xlsxwriter

    wb = xlsxwriter.Workbook(str(folder / "cong_thuc.xlsx"))
    ws = wb.add_worksheet("Danh sách")
    ws.write_row(0, 0, HEADER)
    for i, r in enumerate(_rows(3), 1):
        ws.write_row(i, 0, [r[0], r[1], r[2], r[3]])
        if i < 3:
            ws.write_formula(i, 4, f"=1+{i}/2", None, 1 + i / 2)  # a formula with its value cached
        else:
            ws.write_formula(i, 4, "=1+1", None, "")  # a formula never calculated: no value
        ws.write_string(i, 5, r[5])
        ws.write_string(i, 6, "01/3/2025")
    wb.close()


def _hidden(folder: Path) -> None:
    def hide(wb, ws):
        lists = wb.create_sheet("DanhSachKP")
        lists.append(["Khu phố 1"])
        lists.sheet_state = "hidden"

    _xlsx(folder / "trang_an.xlsx", _rows(3), extra=hide)


def _duplicate_headers(folder: Path) -> None:
    import openpyxl

    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append([*HEADER, "Khu phố"])
    for r in _rows(3):
        ws.append([*r, "Khu phố 9"])
    wb.save(folder / "cot_trung_ten.xlsx")


def _huge_cell(folder: Path) -> None:
    rows = _rows(3)
    rows[1][1] = "A" * (1024 * 1024)
    lines = [";".join(HEADER)] + [";".join(str(c) for c in r) for r in rows]
    (folder / "o_1mb.csv").write_text("\n".join(lines), encoding="utf-8")


def _wide(folder: Path) -> None:
    header = HEADER + [f"Cột {i}" for i in range(10_000 - len(HEADER))]
    lines = [";".join(header)] + [";".join([*(str(c) for c in r), *([""] * (len(header) - len(r)))]) for r in _rows(3)]
    (folder / "muoi_nghin_cot.csv").write_text("\n".join(lines), encoding="utf-8")


def _stray(folder: Path) -> None:
    rows = [
        [1, "Nguyễn Văn An", "0912345670", "Khu phố 1", "2,5ha", "sầu riêng", "15/3/2025."],
        [2, "Trần Thị Bình", "0912345671", "Khu phố 2", "~3", "sầu riêng", "15/3/2025"],
        [3, "Lê Hoàng Cường", "0912345672", "Khu phố 3", "1.5 ", "sầu riêng", " 2/4/26"],
    ]
    lines = [";".join(HEADER)] + [";".join(str(c) for c in r) for r in rows]
    (folder / "ky_tu_thua.csv").write_text("\n".join(lines), encoding="utf-8")


def _same_twice(folder: Path) -> None:
    _xlsx(folder / "ban_goc.xlsx", _rows(3))
    shutil.copyfile(folder / "ban_goc.xlsx", folder / "ban_sao.xlsx")


def _household(area, phone=None) -> list:
    """A household that shares its name and khu phố with others (homonyms are common in Vietnam)."""
    return [1, "Nguyễn Văn Bảy", phone, "Khu phố 2", area, "sầu riêng", dt.datetime(2025, 3, 1)]


def _sheets(path: Path, sheets: dict[str, list[list]]) -> None:
    import openpyxl

    wb = openpyxl.Workbook()
    wb.remove(wb.active)
    for name, rows in sheets.items():
        ws = wb.create_sheet(name)
        ws.append(HEADER)
        for r in rows:
            ws.append(r)
    wb.save(path)


def _homonyms(folder: Path) -> None:
    _xlsx(folder / "trung_ten.xlsx", [_household("2,5"), _household("1,2")])


def _homonyms_one_phone(folder: Path) -> None:
    _xlsx(folder / "trung_ten_mot_sdt.xlsx", [_household("2,5"), _household("1,2", "0912000777")])


def _three_homonyms(folder: Path) -> None:
    _xlsx(folder / "ba_ho_trung_ten.xlsx", [_household("2,5"), _household("1,2"), _household(None)])


def _two_sheets(folder: Path) -> None:
    _sheets(folder / "hai_trang.xlsx", {"KP2": [_household("2,5")], "Bổ sung": [_household(None)]})


def _two_files(folder: Path) -> None:
    _xlsx(folder / "dot_1.xlsx", [_household(None)])
    _xlsx(folder / "dot_2.xlsx", [_household("2,5")])


CASES: tuple[Case, ...] = (
    Case("empty", "An empty file (0 bytes)", "the file fails: `tệp rỗng`; the other files are processed",
         _empty, "failed", message="Tệp rỗng"),
    Case("header_only", "A header row and no data", "read, 0 rows: nothing to accept, nothing lost", _header_only,
         rows_in=0, clean=0, quarantined=0),
    Case("garbage", "Binary garbage named `.xlsx`", "the file fails: not an Excel file", _garbage, "failed",
         message="không phải Excel"),
    Case("truncated", "A truncated workbook", "the file fails: the workbook is damaged", _truncated, "failed",
         message="Không đọc được tệp Excel"),
    Case("password", "A password-protected workbook", "the file fails: it is password-protected; save it without a "
         "password", _password, "failed", message="mật khẩu"),
    Case("xls", "An `.xls` in the old Excel 97-2003 format", "read like `.xlsx`: every row accepted", _xls,
         rows_in=4, clean=4, quarantined=0),
    Case("encoding", "A CSV in an encoding that cannot be detected", "the file fails: `Không nhận diện được bảng mã` "
         "(save it again as UTF-8 or Excel's CSV); the other files are processed", _bad_encoding, "failed",
         message="bảng mã"),
    Case("header_15", "The header on row 15, titles above", "the header row is found; every row accepted",
         _header_row_15, rows_in=3, clean=3),
    Case("totals_middle", "A `Tổng cộng` row in the middle", "that row skipped (listed in the quarantine as "
         "skipped); the rows after it accepted", _totals_middle, rows_in=5, clean=4, skipped=1),
    Case("merged", "Merged cells in the data area (a khu phố written once for several rows)", "the merged value is "
         "read into every row it covers; every row accepted", _merged, rows_in=3, clean=3),
    Case("formulas", "Formulas, with and without a cached value", "a cached value is used; a formula Excel never "
         "calculated reads as empty (a required field then quarantines the row)", _formulas, rows_in=3, clean=3),
    Case("hidden", "A hidden sheet (lookup lists)", "skipped, and said so in the file's notes", _hidden, rows_in=3,
         clean=3, message="Bỏ qua trang tính ẩn"),
    Case("dup_headers", "Two columns with the same header", "the first is used, the second reported as not used",
         _duplicate_headers, rows_in=3, clean=3),
    Case("huge_cell", "A 1 MB cell", "the row is quarantined: `Tên quá dài (1.048.576 ký tự)` (over 2,000 "
         "characters is no typed value)", _huge_cell, rows_in=3, clean=2, quarantined=1, message="quá dài"),
    Case("wide", "10,000 columns", "read; the unknown columns are reported as not used", _wide, rows_in=3, clean=3),
    Case("stray", "Numbers and dates as text with stray characters (`2,5ha`, `~3`, `15/3/2025.`, ` 2/4/26`)",
         "read: units, spaces and a trailing dot are dropped; `~3` / `khoảng 3` (an estimate) counts as 3", _stray,
         rows_in=3, clean=3, quarantined=0),
    Case("same_twice", "The same file under two names", "both read; the second file's rows are merged as duplicates "
         "and the file is noted as a copy", _same_twice, rows_in=6, clean=3, duplicates=3, message="trùng nội dung"),
    Case("homonyms", "Two households of one name in one khu phố, no phone, areas `2,5` and `1,2`", "both kept, "
         "each with its own id, and listed in `review/probable_duplicates.csv` for the office to check", _homonyms,
         rows_in=2, clean=2, duplicates=0, probable=2),
    Case("homonyms_phone", "Two households of one name in one khu phố, one with a phone, areas `2,5` and `1,2`",
         "both kept with their own ids, listed as probable duplicates", _homonyms_one_phone, rows_in=2, clean=2,
         duplicates=0, probable=2),
    Case("three_homonyms", "Three households of one name in one khu phố, no phone, areas `2,5`, `1,2` and none",
         "all three kept with their own ids (the row without an area could be either of the others, so it is not "
         "merged), listed as probable duplicates", _three_homonyms, rows_in=3, clean=3, duplicates=0, probable=3),
    Case("two_sheets", "One household on two sheets of a workbook, once with its area and once without", "merged "
         "into one household, the blank area filled from the other sheet; the merged row listed in "
         "`review/duplicates.csv`", _two_sheets, rows_in=2, clean=1, duplicates=1, probable=0),
    Case("two_files", "One household in two files, once with its area and once without", "merged, as on two "
         "sheets", _two_files, rows_in=2, clean=1, duplicates=1, probable=0),
)  # fmt: skip
