"""The corpus of bad inputs, made by code (no binaries committed), and what lkdata does with each.

Each case writes one or more files into ``raw/producers/`` (or its ``dataset``'s folder) beside nothing else,
and states its outcome: the rows accepted, quarantined and skipped, or the file failed with a message.
``CASES`` is also the README's table (a test keeps the two the same).
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
    status: str = "ok"  # "ok", "failed" (not read) or "rejected" (read, no row accepted)
    rows_in: int | None = None
    clean: int | None = None
    quarantined: int | None = None
    skipped: int | None = None
    duplicates: int | None = None
    message: str = ""  # in the file's error, or among its notes, reasons and rows' issues
    names: tuple[str, ...] = ()  # the accepted rows' names, where the case is about names
    probable: int | None = None  # households listed in review/probable_duplicates.csv
    skipped_files: int = 0  # files (or folders) not read, each named in the manifest's ``skipped_files``
    dataset: str = "producers"  # the dataset whose folder the case writes into


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


def _no_certification(folder: Path) -> None:
    _xlsx(folder / "khong_cot_chung_nhan.xlsx", _rows(3))  # HEADER has no certification column


def _named(rows: list[list], names: list[str]) -> list[list]:
    for r, n in zip(rows, names, strict=True):
        r[1] = n
    return rows


def _unicode_in_legacy_fonts(folder: Path) -> None:
    def fonts(wb, ws):
        from openpyxl.styles import Font

        for r, font in ((2, ".VnTime"), (3, "VNI-Times"), (4, ".VnTime")):
            ws.cell(r, 2).font = Font(name=font)

    _xlsx(folder / "mau_cu.xlsx", _named(_rows(3), ["Lê Văn Huy", "Trần Hoàng Nam", "Hoàng Anh Tú"]), extra=fonts)


def _legacy_csv(folder: Path) -> None:
    rows = _named(_rows(3), ["Löu Thö", "Nguyeãn Thò Lan", "Traàn Vaên Ba"])  # VNI, fonts lost
    lines = [";".join(HEADER)] + [";".join(str(c) for c in r) for r in rows]
    (folder / "xuat_tu_vni.csv").write_text("\n".join(lines), encoding="utf-8-sig")


def _lost_u(folder: Path) -> None:
    _xlsx(folder / "da_chuyen_ma.xlsx", _named(_rows(3), ["Nguyễn Thị Phơng", "Trần Văn An", "Lê Thị Hoa"]))


def _same_twice(folder: Path) -> None:
    _xlsx(folder / "ban_goc.xlsx", _rows(3))
    shutil.copyfile(folder / "ban_goc.xlsx", folder / "ban_sao.xlsx")


def _survey_form(folder: Path) -> None:
    from survey_form import write_survey_form

    write_survey_form(folder / "phieu_dieu_tra_kp3.xlsx")


def _typos(folder: Path) -> None:
    import openpyxl

    wb = openpyxl.Workbook()
    wb.active.append(["TT", "1. Họ và tê chủ hộ", "(2) SO DIEN THOAI", "3) KHU PHO", "4. Diện tích canh tát (ha)"])
    for r in _rows(3):
        wb.active.append(r[:5])
    wb.save(folder / "tieu_de_sai_chinh_ta.xlsx")


def _no_header(folder: Path) -> None:
    import openpyxl

    wb = openpyxl.Workbook()
    wb.active.append(["No.", "Household head", "Phone", "Area (ha)"])
    wb.active.append([1, "Nguyen Van An", "0912345670", 2.5])
    wb.save(folder / "tieu_de_tieng_anh.xlsx")


def _nothing_accepted(folder: Path) -> None:
    rows = _rows(3)
    for r in rows:
        r[3] = "Khu phố 99"
    _xlsx(folder / "sai_het.xlsx", rows)


def _addresses(folder: Path) -> None:
    rows = _rows(5)
    for r, address in zip(rows, ["196/3, Kp 2, Phường Long Khánh, Đồng Nai", "Tổ 1, Khu phố 3",
                                 "kp5 - P. Long Khánh", "Ấp 2", "Tổ 1"], strict=True):  # fmt: skip
        r[3] = address
    _xlsx(folder / "dia_chi.xlsx", rows)


def _csv(path: Path, rows: list[list]) -> None:
    lines = [";".join(HEADER)] + [";".join(str(c) for c in r) for r in rows]
    path.write_text("\n".join(lines), encoding="utf-8")


def _column(rows: list[list], index: int, values: list) -> list[list]:
    return [[*r[:index], v, *r[index + 1 :]] for r, v in zip(rows, values, strict=True)]


def _thousands(folder: Path) -> None:
    # a household column with no decimal comma or point elsewhere: 1.200 ha or 1,2 ha? 1,2 (a household), noted
    _csv(folder / "dau_cham.csv", _column(_rows(3), 4, ["7", "1.200", "3"]))


def _habit_m2(folder: Path) -> None:
    rows = _column(_rows(3), 4, ["2,5", "3000", "1,5"])  # 3000: square metres typed by habit under "(ha)"
    _csv(folder / "thoi_quen_m2.csv", _column(rows, 6, ["15/3/2025", "15/3/2025", "2/4/2062"]))


def _absurd(folder: Path) -> None:
    areas = ["1.000.000.000.000.000", 1e308, "1E+308", "∞", 6000, 2.5]  # 6000 ha: beyond the hard limit of 5.000
    _xlsx(folder / "so_qua_lon.xlsx", _column(_rows(6), 4, areas))


def _far_dates(folder: Path) -> None:
    dates = [dt.datetime(9999, 12, 31), dt.datetime(1, 1, 1), "31/12/9999", 2958465, "1998", "2020/10/29"]
    _xlsx(folder / "ngay_ngoai_khoang.xlsx", _column(_rows(6), 6, dates))


def _no_expiry(folder: Path) -> None:
    rows = [
        [*r, "VietGAP", "15/3/2024", end]
        for r, end in zip(
            _rows(4), [dt.datetime(9999, 12, 31), "31/12/9999", "Không thời hạn", "15/3/2027"], strict=True
        )
    ]
    wb_header = [*HEADER, "Tiêu chuẩn chứng nhận", "Ngày cấp chứng nhận", "Ngày hết hạn chứng nhận"]
    lines = [";".join(wb_header)] + [";".join(str(c) for c in r) for r in rows[1:]]
    (folder / "het_han_9999.csv").write_text("\n".join(lines), encoding="utf-8")
    import openpyxl

    wb = openpyxl.Workbook()
    wb.active.append(wb_header)
    wb.active.append(rows[0])
    wb.save(folder / "het_han_9999.xlsx")


def _optional_bad(folder: Path) -> None:
    rows = _column(_rows(4), 4, ["-3", "2,5", "1,5", "2"])
    rows = _column(rows, 5, ["sầu riêng", "Sầu riêg", "chôm chôm", "xoài"])
    rows = _column(rows, 6, ["15/3/2025", "15/3/2025", "31/02/2022", "15/3/2025"])
    rows[3][3] = "Khu phố 99"  # a required field: that row is still set aside
    _xlsx(folder / "o_tuy_chon_sai.xlsx", rows)


def _names_like_totals(folder: Path) -> None:
    names = ["Tống Công", "Tông Cống", "Cộng", "Tổng", "Tong Cong", "Trần Văn Tổng"]  # fold to totals words
    _xlsx(folder / "ten_giong_dong_tong.xlsx", _named(_rows(6), names))


def _totals_shapes(folder: Path) -> None:
    kp = [r for r in _rows(4)]
    for r in kp[:2]:
        r[3] = "Khu phố 1"
    rows = [
        *kp[:2],
        [None, "Cộng KP1", None, "Khu phố 1", kp[0][4] + kp[1][4], None, None],  # a subtotal per khu phố
        *kp[2:],
        ["Tổng cộng", None, None, None, sum(r[4] for r in kp), None, None],  # the label in the STT column
        [None, "Cộng:", None, None, None, None, None],  # at the bottom, nothing else
        [None, "TONG CONG", None, None, None, None, None],  # typed without marks
        [7, "Tổng số", None, None, sum(r[4] for r in kp), None, None],  # numbered, and its sum is the sum
    ]
    _xlsx(folder / "dong_tong_cac_kieu.xlsx", rows)


def _service_phones(folder: Path) -> None:
    _csv(folder / "so_tong_dai.csv", _column(_rows(3), 2, ["1800 1091", "1900 1234", "113"]))


def _two_phones(folder: Path) -> None:
    _csv(folder / "hai_so.csv", _column(_rows(2), 2, ["0912345678 - 0987654321", "0903 123 456 và 0251 3877 123"]))


def _long_dates(folder: Path) -> None:
    dates = ["29 tháng 10, 2020", "Thứ Năm, 29 tháng 10, 2020", "Thứ 5, 29/10/2020", "tháng 10/2020"]
    _csv(folder / "ngay_dai.csv", _column(_rows(4), 6, dates))


def _news_style(folder: Path) -> None:
    rows = _column(_rows(3), 4, ["2 - 3 ha", "5.000 m2", "1,5 ha"])
    _csv(
        folder / "kieu_bao_chi.csv",
        _column(rows, 6, ["15/3/2025", "24/02/2020 20:27", "Thứ hai, ngày 16/09/2019 10:14 AM"]),
    )


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


def _one_area_homonyms(folder: Path) -> None:
    day = dt.datetime(2025, 3, 1)
    _sheets(folder / "trung_ten_cung_dien_tich.xlsx", {
        "Số điện thoại": [[1, "Nguyễn Văn Bảy", "0912000777", "Khu phố 2", "1,5", "sầu riêng", day],
                          [2, "Nguyễn Văn Bảy", "0987000111", "Khu phố 2", "1,5", "sầu riêng", day]],
        "Cây trồng": [[1, "Lê Thị Tám", None, "Khu phố 3", "2", "sầu riêng", day],
                      [2, "Lê Thị Tám", None, "Khu phố 3", "2", "chôm chôm", day]],
    })  # fmt: skip


def _invisible(folder: Path) -> None:
    rows = [_household("2,5"), _household(None)]
    rows[1][1] = "Nguyễn Văn Bảy\u200b"
    _xlsx(folder / "ky_tu_an.xlsx", rows)


def _plain(rows: list[list]) -> list[list]:
    """Cells as text and numbers (what every format writes alike)."""
    return [[c.strftime("%d/%m/%Y") if isinstance(c, dt.datetime) else c for c in r] for r in rows]


def _far_cell(folder: Path) -> None:
    from xlsb_writer import write_xlsb

    def far(wb, ws):
        ws["XFD1048576"] = "x"  # the last cell Excel has: python-calamine would ask for 512 GiB

    _xlsx(folder / "o_cuoi_cung.xlsx", _rows(3), extra=far)
    write_xlsb(folder / "o_cuoi_cung.xlsb", {"Danh sách": [HEADER, *_plain(_rows(3))]},
               far={"Danh sách": (1_048_575, 16_383, "x")})  # fmt: skip


def _ods(path: Path, rows_xml: str) -> None:
    """An OpenDocument spreadsheet of one sheet, its rows given as XML."""
    import zipfile

    ns = 'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" ' \
         'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" ' \
         'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"'  # fmt: skip
    content = (f'<?xml version="1.0" encoding="UTF-8"?><office:document-content {ns} office:version="1.2">'
               f'<office:body><office:spreadsheet><table:table table:name="Danh sách">{rows_xml}</table:table>'
               "</office:spreadsheet></office:body></office:document-content>")  # fmt: skip
    manifest = ('<?xml version="1.0" encoding="UTF-8"?><manifest:manifest xmlns:manifest="urn:oasis:names:tc:'
                'opendocument:xmlns:manifest:1.0" manifest:version="1.2"><manifest:file-entry '
                'manifest:full-path="/" manifest:media-type="application/vnd.oasis.opendocument.spreadsheet"/>'
                "</manifest:manifest>")  # fmt: skip
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("mimetype", "application/vnd.oasis.opendocument.spreadsheet", compress_type=zipfile.ZIP_STORED)
        z.writestr("content.xml", content)
        z.writestr("META-INF/manifest.xml", manifest)


def _ods_row(cells: list) -> str:
    def cell(v) -> str:
        if v is None:
            return "<table:table-cell/>"
        kind = f'"float" office:value="{v}"' if isinstance(v, (int, float)) else '"string"'
        return f"<table:table-cell office:value-type={kind}><text:p>{v}</text:p></table:table-cell>"

    return "<table:table-row>" + "".join(cell(v) for v in cells) + "</table:table-row>"


def _far_cell_eager(folder: Path) -> None:
    import xlwt

    wb = xlwt.Workbook(encoding="utf-8")
    ws = wb.add_sheet("Danh sach")
    for i, r in enumerate([HEADER, *_plain(_rows(3))]):
        for j, v in enumerate(r):
            ws.write(i, j, v)
    ws.write(65_535, 255, "x")  # the last cell of the old format
    wb.save(str(folder / "o_cuoi_cung_kieu_cu.xls"))
    rows = "".join(_ods_row(r) for r in [HEADER, *_plain(_rows(3))])
    far = ('<table:table-row table:number-rows-repeated="1048571"><table:table-cell '
           'table:number-columns-repeated="16384"/></table:table-row><table:table-row><table:table-cell '
           'table:number-columns-repeated="16383"/><table:table-cell office:value-type="string"><text:p>x</text:p>'
           "</table:table-cell></table:table-row>")  # fmt: skip
    _ods(folder / "o_cuoi_cung.ods", rows + far)


def _zip_bomb(folder: Path) -> None:
    """Workbooks of a few KB whose sheet inflates to 30 MB: identical rows of cells, and the same in a .VnTime font."""
    import zipfile

    def fonts(wb, ws):
        from openpyxl.styles import Font

        ws.cell(2, 2).font = Font(name=".VnTime")

    bomb_row = "<row>" + '<c s="1" t="inlineStr"><is><t>Nguyeãn Vaên An</t></is></c>' * 50 + "</row>"
    for name, extra in (("bom_nen.xlsx", None), ("bom_nen_vntime.xlsx", fonts)):
        plain = folder / f"_{name}"
        _xlsx(plain, _rows(3), extra=extra)
        with zipfile.ZipFile(plain) as src, zipfile.ZipFile(folder / name, "w", zipfile.ZIP_DEFLATED) as dst:
            for info in src.infolist():
                data = src.read(info)
                if info.filename == "xl/worksheets/sheet1.xml":
                    data = data.replace(b"</sheetData>", bomb_row.encode() * 12_000 + b"</sheetData>")
                dst.writestr(info.filename, data)
        plain.unlink()


def _cp1258(text: str) -> bytes:
    """Text as Windows' Vietnamese code page writes it (a base letter, then a tone mark)."""
    import unicodedata

    out = b""
    for ch in text:
        try:
            out += ch.encode("cp1258")
        except UnicodeEncodeError:
            parts = unicodedata.normalize("NFD", ch)
            tones = "".join(m for m in parts if m in "\u0300\u0301\u0303\u0309\u0323")
            base = unicodedata.normalize("NFC", "".join(m for m in parts if m not in tones))
            out += base.encode("cp1258") + tones.encode("cp1258")
    return out


def _not_utf8_name(folder: Path) -> None:
    import os

    _csv(folder / os.fsdecode(_cp1258("hộ_sản_xuất.csv")), _rows(3))


def _not_read(folder: Path) -> None:
    import zipfile

    _csv(folder / "ds_khong_duoi", _rows(2))  # no extension
    with zipfile.ZipFile(folder / "ds.zip", "w") as z:
        z.writestr("ds.csv", "\n".join(";".join(map(str, r)) for r in [HEADER, *_rows(2)]))
    _xlsx(folder / "~$ds.xlsx", _rows(1))  # Excel's lock file beside an open workbook
    _csv(folder / ".ds.csv", _rows(2))
    (folder / "._ds.xlsx").write_bytes(b"\x00\x05\x16\x07Mac OS X")
    (folder / "huong_dan.pdf").write_bytes(b"%PDF-1.4\n")
    (folder / ".ipynb_checkpoints").mkdir()
    _csv(folder / ".ipynb_checkpoints" / "ds-checkpoint.csv", _rows(2))


def _other_formats(folder: Path) -> None:
    from xlsb_writer import write_xlsb

    lines = ["\t".join(HEADER)] + ["\t".join(str(c) for c in r) for r in _plain(_rows(3))]
    (folder / "ds.tsv").write_text("\n".join(lines), encoding="utf-8")
    write_xlsb(folder / "ds.xlsb", {"Danh sách": [HEADER, *_plain(_rows(3, start=3))]})
    (folder / "kp2").mkdir()
    _csv(folder / "kp2" / "ds.csv", _plain(_rows(3, start=6))[:3])


def _links(folder: Path) -> None:
    outside = folder.parent.parent / "ngoai"  # beside the raw folder
    outside.mkdir(exist_ok=True)
    (outside / "passwd").write_text("root:x:0:0:root:/root:/bin/bash\ndaemon:x:1:1::/usr/sbin:/bin/sh\n")
    (folder / "lien_ket_ra_ngoai.csv").symlink_to(outside / "passwd")
    inside = folder.parent / "ban_goc"  # inside the raw folder, in no dataset's folder
    inside.mkdir(exist_ok=True)
    _csv(inside / "ds.csv", _rows(3))
    (folder / "lien_ket_trong.csv").symlink_to(inside / "ds.csv")


def _controls(folder: Path) -> None:
    rows = _plain(_rows(3))
    rows[0][1] = "Nguyễn\x07 \x1b[31mVăn\x1b[0m\x1b An"  # a bell, a terminal colour, a lone escape (a console paste)
    rows[1][1] = "Trần Thị \u202eBình"  # a right-to-left override: shows the rest of the cell reversed
    rows[2][1] = "Lê\u2066 Hoàng\u2069 Cường"  # direction isolates; and an escape in a workbook's cell, below
    _csv(folder / "ky_tu_dieu_khien.csv", rows[:2])
    wb_rows = [rows[2]]

    def nul(path: Path) -> None:  # openpyxl refuses control characters: the cell is written as Excel's escape
        import zipfile

        _xlsx(path, wb_rows)
        with zipfile.ZipFile(path) as z:
            parts = {n: z.read(n) for n in z.namelist()}
        parts["xl/worksheets/sheet1.xml"] = parts["xl/worksheets/sheet1.xml"].replace(
            "Cường".encode(), "Cường&#x1B;".encode()
        )
        with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
            for n, b in parts.items():
                z.writestr(n, b)

    nul(folder / "ky_tu_dieu_khien.xlsx")


def _unterminated_quote(folder: Path) -> None:
    rows = _plain(_rows(4))
    rows[1][1] = '"Trần Thị Bình'  # a quote never closed: the csv module would take every line after it into one cell
    _csv(folder / "ngoac_kep_thieu.csv", rows)


def _no_workbook_part(folder: Path) -> None:
    import zipfile

    _xlsx(folder / "tam.xlsx", _rows(3))
    with zipfile.ZipFile(folder / "tam.xlsx") as z:
        parts = {n: z.read(n) for n in z.namelist() if n != "xl/workbook.xml"}
    (folder / "tam.xlsx").unlink()
    with zipfile.ZipFile(folder / "thieu_phan.xlsx", "w", zipfile.ZIP_DEFLATED) as z:
        for n, b in parts.items():
            z.writestr(n, b)


def _nul_in_csv(folder: Path) -> None:
    rows = _plain(_rows(3))
    rows[1][1] = "Trần Thị\x00 Bình"
    _csv(folder / "co_nul.csv", rows)


def _utf32(folder: Path) -> None:
    lines = [";".join(HEADER)] + [";".join(str(c) for c in r) for r in _plain(_rows(3))]
    (folder / "utf32.csv").write_bytes("\n".join(lines).encode("utf-32"))  # with its byte-order mark


def _renamed(folder: Path) -> None:
    _xlsx(folder / "that_ra_la_excel.csv", _rows(3))  # a workbook saved under a .csv name
    _csv(folder / "that_ra_la_csv.xlsx", _plain(_rows(3, start=3)))  # and a CSV under an .xlsx one
    cells = "".join(f"<td>{c}</td>" for c in HEADER)  # a web page's table saved as .xls, as web exports do
    (folder / "trang_web.xls").write_text(f"<html><body><table><tr>{cells}</tr></table></body></html>", "utf-8")


def _control_name(folder: Path) -> None:
    import zipfile

    _csv(folder / "ds\nmoi\x1b[2J\u202egol.csv", _plain(_rows(3)))  # a line break, a terminal escape, an override
    _xlsx(folder / "tam.xlsx", _rows(2, start=3))  # and a sheet named so (Excel's XML escape of the character)
    with zipfile.ZipFile(folder / "tam.xlsx") as z:
        parts = {n: z.read(n) for n in z.namelist()}
    (folder / "tam.xlsx").unlink()
    parts["xl/workbook.xml"] = parts["xl/workbook.xml"].replace("Danh sách".encode(), b"KP1&#x1B;[2J")
    with zipfile.ZipFile(folder / "trang_dieu_khien.xlsx", "w", zipfile.ZIP_DEFLATED) as z:
        for n, b in parts.items():
            z.writestr(n, b)


def _duplicate_header_first_empty(folder: Path) -> None:
    import openpyxl

    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["STT", "Họ và tên chủ hộ", *HEADER[1:]])  # a template's leftover name column, left blank
    for r in _rows(3):
        ws.append([r[0], None, *r[1:]])
    wb.save(folder / "cot_ten_trong.xlsx")


def _other_plan_task(folder: Path) -> None:
    """Activities whose plan task is Long Khánh's (``III.2``), another plan's (``II.2``, a commune's), or blank."""
    import openpyxl

    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Hoạt động"
    ws.append(["Ngày tổ chức", "Loại hoạt động", "Nhiệm vụ kế hoạch", "Nội dung"])
    for i, task in enumerate(["III.2", "II.2", None]):
        ws.append([dt.datetime(2026, 3, 2 + i), "Tập huấn", task, f"Lớp tập huấn số {i + 1}"])
    wb.save(folder / "hoat_dong.xlsx")


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
    Case("dup_headers_blank", "Two columns with the same header, the first left blank (a template's leftover "
         "column)", "the one with values is used, the blank one reported as not used: every row accepted, none "
         "quarantined as `Thiếu tên`", _duplicate_header_first_empty, rows_in=3, clean=3, quarantined=0,
         names=("Nguyễn Văn An", "Trần Thị Bình", "Lê Hoàng Cường")),
    Case("huge_cell", "A 1 MB cell", "the row is quarantined: `Tên quá dài (1.048.576 ký tự)` (over 2,000 "
         "characters is no typed value)", _huge_cell, rows_in=3, clean=2, quarantined=1, message="quá dài"),
    Case("wide", "10,000 columns", "read; the unknown columns are reported as not used", _wide, rows_in=3, clean=3),
    Case("stray", "Numbers and dates as text with stray characters (`2,5ha`, `~3`, `15/3/2025.`, ` 2/4/26`)",
         "read: units, spaces and a trailing dot are dropped; `~3` / `khoảng 3` (an estimate) counts as 3", _stray,
         rows_in=3, clean=3, quarantined=0),
    Case("same_twice", "The same file under two names", "both read; the second file's rows are merged as duplicates "
         "and the file is noted as a copy", _same_twice, rows_in=6, clean=3, duplicates=3, message="trùng nội dung"),
    Case("survey_form", "A household-survey form: title rows, a two-row header with merged cells, numbered headers "
         "with units (`8. Tổng DT đất (ha)`), a row of column numbers, notes and signatures under the table",
         "the header row is found by scoring the rows; every household accepted; the notes and signatures "
         "skipped; an unused column whose values are certification kinds (a bare `Tiêu chuẩn`) is proposed for "
         "`headers.yaml` in the manifest and the quality report, never used by itself", _survey_form, rows_in=10,
         clean=5, skipped=5, message='Cột "Tiêu chuẩn" (cột I) có giá trị giống cột "Tiêu chuẩn chứng nhận"'),
    Case("typos", "Headers misspelt or numbered (`1. Họ và tê chủ hộ`, `3) KHU PHO`)", "read; each near miss is "
         "said in the sheet's notes", _typos, rows_in=3, clean=3, message="gần đúng chính tả"),
    Case("no_header", "A sheet whose header names no known column (headers in English)", "the file is rejected: "
         "`lkdata clean` exits 1 naming it; the message names the columns needed, their aliases and the row that "
         "came closest", _no_header, "rejected", rows_in=2, quarantined=2,
         message="Dòng giống tiêu đề nhất là dòng 1: “No. | Household head | Phone | Area (ha)”"),
    Case("nothing_accepted", "A file none of whose rows can be accepted", "the file is rejected: `lkdata clean` "
         "exits 1 naming it; its rows are quarantined with their reasons", _nothing_accepted, "rejected", rows_in=3,
         quarantined=3, message="cả 3 dòng dữ liệu đều bị cách ly"),
    Case("addresses", "Khu phố written as addresses (`196/3, Kp 2, Phường Long Khánh, Đồng Nai`, `Tổ 1, Khu phố 3`, "
         "`kp5 - P. Long Khánh`), or as a hamlet (`Ấp 2`) or a group (`Tổ 1`)", "the khu phố is read from the "
         "address; `Ấp 2` and `Tổ 1` alone are quarantined, never taken for a khu phố nor suggested as one",
         _addresses, rows_in=5, clean=3, quarantined=2, message="(ấp không phải khu phố)"),
    Case("no_certification", "A producers list with no certification column, or blank cells in it", "read, every "
         "row accepted; the certification stays empty (unknown), never `không` (only a cell that says `không` or "
         "`chưa có` is a no); the manifest and the quality report name the fields the file has no column for; each "
         "indicator counts known values and says how many records are unknown, and the report says so next to the "
         "figures: `chưa có thông tin tiêu chuẩn chứng nhận của 3 hộ`", _no_certification, rows_in=3, clean=3,
         message="Tiêu chuẩn chứng nhận"),
    Case("thousands", "A number whose dot or comma reads both ways (`1.200` in a column with no other decimals)",
         "read by its shape, then by the style of the column's other cells (`2,5` and `1.500.000`, or `2.5` and "
         "`1,200`); still two ways: the reading inside the field's plausible range, else the Vietnamese one, and the "
         "row's `issues` say so (`Diện tích không rõ dấu chấm là phân cách hàng nghìn hay thập phân: \"1.200\", đã "
         "đọc là 1,2 ha vì 1.200 ha vượt mức hợp lý`); never guessed silently", _thousands, rows_in=3, clean=3,
         message="đã đọc là 1,2 ha vì 1.200 ha vượt mức hợp lý"),
    Case("habit_m2", "A household area typed in m² by habit (`3000` under `Diện tích (ha)`), a date in 2062",
         "kept as read, never changed, and flagged in the row's `issues`: `Diện tích vượt mức hợp lý: 3.000 ha (tối "
         "đa 50 ha), có phải 3.000 m² = 0,3 ha?`, `Ngày đăng ký ở tương lai`; the data-quality report lists them as "
         "số liệu bất thường (the bounds are `plausibility.csv`)", _habit_m2, rows_in=3, clean=3,
         message="có phải 3.000 m² = 0,3 ha?"),
    Case("absurd", "An absurd number (`1.000.000.000.000.000` ha, `1e308`, `1E+308`, `∞`, `6000` ha)", "refused "
         "with a reason naming the column and the value as typed: an optional one is left empty and the record kept "
         "(`Diện tích quá lớn: 1.000.000.000.000.000 (đã để trống)` in the row's `issues`, beyond the schema's hard "
         "limit `Diện tích không được quá 5.000: 6000`), a required one quarantines the row; no infinity is ever "
         "stored, and every number has a hard limit", _absurd, rows_in=6, clean=6, quarantined=0,
         message="Diện tích quá lớn: 1.000.000.000.000.000 (đã để trống)"),
    Case("far_dates", "Dates no one means: `31/12/9999` and year-1 date cells, `31/12/9999` typed, Excel serial "
         "`2958465`, a year alone (`1998`), and `2020/10/29`", "never a traceback: an optional date is left empty "
         "with its reason in the row's `issues` (`Ngày đăng ký không hợp lệ (năm phải từ 1900 đến 2100): "
         "31/12/9999`, `Ngày đăng ký chỉ ghi năm: 1998 (cần ghi đủ ngày)`), a required one quarantines the row; "
         "`2020/10/29` (year first) is read", _far_dates, rows_in=6, clean=6, quarantined=0,
         message="Ngày đăng ký không hợp lệ (năm phải từ 1900 đến 2100): 31/12/9999 (đã để trống)"),
    Case("no_expiry", "An expiry or end date of `31/12/9999` (a date cell or typed) or `Không thời hạn`", "no "
         "expiry: left empty, never a date, and the row's `issues` say `Ngày hết hạn chứng nhận không thời hạn: "
         "31/12/9999 (để trống)`", _no_expiry, rows_in=4, clean=4, quarantined=0,
         message="Ngày hết hạn chứng nhận không thời hạn: 31/12/9999 (để trống)"),
    Case("optional_bad", "One bad cell in an optional field (`Diện tích` `-3`, a crop not in the catalogue, "
         "`Ngày đăng ký` `31/02/2022`) or in a required one (`Khu phố 99`)", "an optional value is left empty and "
         "the record kept, its reason in the row's `issues` (`Diện tích âm: -3 (đã để trống)`) and listed in the "
         "data-quality report; a required one quarantines the row", _optional_bad, rows_in=4, clean=3,
         quarantined=1, message="Diện tích âm: -3 (đã để trống)"),
    Case("names_like_totals", "Households named `Tống Công`, `Tông Cống`, `Cộng`, `Tổng`, `Tong Cong` (their names "
         "fold to the words of a totals label)", "every household kept: a totals row is recognised by its shape "
         "(a label, and nothing that names a record), never by a folded word", _names_like_totals, rows_in=6, clean=6,
         skipped=0, names=("Tống Công", "Tông Cống", "Cộng", "Tổng", "Tong Cong", "Trần Văn Tổng")),
    Case("totals_shapes", "Totals rows in other shapes: a subtotal per khu phố (`Cộng KP1`), the label in the STT "
         "column, `Cộng:` at the bottom, `TONG CONG` without marks, a numbered `Tổng số` row whose numbers are "
         "the sums above", "each skipped (listed in the quarantine as skipped); every household kept",
         _totals_shapes, rows_in=9, clean=4, skipped=5),
    Case("service_phone", "A service number as a household's phone (`1800 1091`, `1900 1234`, `113`)", "the phone "
         "is left empty, the row kept, and its `issues` say `Số điện thoại là số tổng đài, dịch vụ, không phải số "
         "của hộ: 1800 1091` (phones are checked by phonenumbers' rules for Vietnamese mobiles and fixed lines)",
         _service_phones, rows_in=3, clean=3, message="không phải số của hộ: 1800 1091"),
    Case("long_dates", "CLDR's long dates (`29 tháng 10, 2020`, `Thứ Năm, 29 tháng 10, 2020`, `Thứ 5, 29/10/2020`) "
         "and a month without its day (`tháng 10/2020`)", "read (a weekday that is not the date's is noted); a month "
         "alone is no date, no day is invented: `Ngày đăng ký chỉ ghi tháng, năm: tháng 10/2020 (cần ghi đủ ngày)` "
         "(an optional date left empty with that reason, the record kept; a required one quarantines the row)",
         _long_dates, rows_in=4, clean=4, quarantined=0, message="chỉ ghi tháng, năm: tháng 10/2020"),
    Case("two_phones", "Two phones in one cell (`0912345678 - 0987654321`, `0903 123 456 và 0251 3877 123`)",
         "the first is the household's phone; the others are kept in the row's `issues`: `Số điện thoại ghi nhiều "
         "số, đã lấy số đầu; các số khác: 0987654321`", _two_phones, rows_in=2, clean=2,
         message="Số điện thoại ghi nhiều số, đã lấy số đầu; các số khác: 0987654321"),
    Case("news_style", "Numbers and dates as news and forms write them: a range (`2 - 3 ha`), thousands "
         "(`5.000 m2`), a date with its time (`24/02/2020 20:27`, `Thứ hai, ngày 16/09/2019 10:14 AM`)", "read, the "
         "time dropped; a range is no value: `Diện tích ghi một khoảng, không phải một giá trị` (an optional value "
         "left empty with that reason, a required one quarantines the row)", _news_style, rows_in=3, clean=3,
         quarantined=0, message="ghi một khoảng, không phải một giá trị"),
    Case("unicode_legacy_font", "Unicode names typed into a `.VnTime` / `VNI-Times` template (`Lê Văn Huy`, "
         "`Trần Hoàng Nam`)", "kept as typed: a font decides only text that is garbled, never text that reads as "
         "Vietnamese", _unicode_in_legacy_fonts, rows_in=3, clean=3,
         names=("Lê Văn Huy", "Trần Hoàng Nam", "Hoàng Anh Tú")),
    Case("legacy_csv", "Names in VNI or TCVN3 with the fonts lost (a CSV export: `Löu Thö`)", "read back "
         "(`Lưu Thư`): the encoding is decided from the whole column of the sheet, so an ambiguous word "
         "(`Löu`: VNI `Lưu`, TCVN3 `Lửu`) follows the other names", _legacy_csv, rows_in=3, clean=3,
         names=("Lưu Thư", "Nguyễn Thị Lan", "Trần Văn Ba")),
    Case("lost_u", "A name whose `ư` an old TCVN3 conversion dropped (`Phơng`)", "kept as written and noted in the "
         "row's issues: `Tên có thể mất chữ \"ư\" khi chuyển mã (Phơng → Phương?)`", _lost_u, rows_in=3, clean=3,
         message='Tên có thể mất chữ "ư" khi chuyển mã (Phơng → Phương?)',
         names=("Nguyễn Thị Phơng", "Trần Văn An", "Lê Thị Hoa")),
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
    Case("one_area_homonyms", "Two households of one name and one area in one khu phố, told apart by their phones, "
         "CCCDs or main crops", "both kept with their own ids and listed as probable duplicates; never merged (a "
         "household would vanish)", _one_area_homonyms, rows_in=4, clean=4, duplicates=0, probable=4),
    Case("invisible", "A name with a zero-width space or a byte-order mark pasted in (`Trần Văn Bình\\u200b`)",
         "the invisible characters are dropped: one household, not two", _invisible, rows_in=2, clean=1,
         duplicates=1, probable=0, names=("Nguyễn Văn Bảy",)),
    Case("far_cell", "A workbook of a few KB with one value in cell XFD1048576 (`.xlsx`, `.xlsb`)", "that sheet "
         "fails before it is loaded (the reader would ask for 512 GiB): `Trang tính quá lớn để đọc: ô có dữ liệu xa "
         "nhất là XFD1048576 ...` with what to do; the file's other sheets and the other files are read (a sheet "
         "may reach 5,000,000 cells from A1 to its last value, a file 10,000,000; a cell formatted far away but "
         "empty does not count)", _far_cell, "rejected", rows_in=0,
         message="ô có dữ liệu xa nhất là XFD1048576"),
    Case("far_cell_eager", "The same in an old `.xls` (cell IV65536) or an `.ods`", "the file fails (its reader "
         "loads every sheet at once), naming the sheet: `Trang tính 'Danh sach': Trang tính quá lớn để đọc ...`",
         _far_cell_eager, "failed", message="Trang tính quá lớn để đọc"),
    Case("zip_bomb", "A zip bomb: a workbook of a few KB whose sheet inflates to 30 MB, also with `.VnTime` cells",
         "the file fails before any reader opens it: `Tệp giải nén quá lớn, nghi là “bom nén” (zip bomb): phần "
         "xl/worksheets/sheet1.xml nén ... nhưng giải nén ra ..., gấp ... lần`; every part of a zip-based workbook "
         "(`.xlsx`, `.xlsm`, `.xlsb`, `.ods`) is inflated as a stream and bounded by its real size (256 MB), its "
         "ratio (100 times) and the file's total (512 MB), overlapping or encrypted parts refused, so memory stays "
         "flat", _zip_bomb, "failed", message="Tệp giải nén quá lớn, nghi là “bom nén”"),
    Case("not_utf8_name", "A file name that is not valid UTF-8 (a `.zip` made on Windows, unpacked on Linux)",
         "read, every row accepted; named readably everywhere (messages, tables, manifest, quarantine), its bytes "
         "read as Windows' cp1258 (`hộ_sản_xuất.csv`), with a note to rename it", _not_utf8_name, rows_in=3,
         clean=3, message="Tên tệp không đúng mã UTF-8"),
    Case("not_read", "Files that are no table lkdata reads: a `.zip`, a file with no extension, a PDF, Excel's lock "
         "file `~$ds.xlsx`, a hidden `.ds.csv`, a Mac's `._ds.xlsx`, a hidden folder (`.ipynb_checkpoints/`)",
         "none is read, and each is named with its reason in `lkdata clean`'s summary, the manifest "
         "(`skipped_files`) and `lkdata inventory` (`tệp nén (.zip): không đọc; giải nén vào thư mục này ...`)",
         _not_read, "skipped", skipped_files=7, message="giải nén vào thư mục này"),
    Case("other_formats", "A `.tsv`, an `.xlsb` and a CSV in a subfolder (`producers/kp2/ds.csv`)", "read like the "
         "others, every row accepted; a file in a subfolder is named with it", _other_formats, rows_in=9, clean=9),
    Case("controls", "Control and direction characters in names: a bell, an escape (`\\x1b`), a right-to-left "
         "override (`U+202E`), isolates, in a CSV or in a workbook (`&#x1B;` in its XML)", "dropped (a control "
         "character reads as a space, a direction mark as nothing): `Nguyễn Văn An`, never stored, shown or written "
         "reversed or as a terminal command; the privacy check reads through them too", _controls, rows_in=3, clean=3,
         names=("Nguyễn Văn An", "Trần Thị Bình", "Lê Hoàng Cường")),
    Case("unterminated_quote", "A CSV with a quote never closed (`\"Trần Thị Bình` in row 3)", "every line stays a "
         "row: the row with the stray quote is read on its own (here quarantined, its cells run together), the rows "
         "after it accepted; never swallowed into one cell", _unterminated_quote, rows_in=4, clean=3, quarantined=1),
    Case("no_workbook_part", "An `.xlsx` missing a part Excel always writes (`xl/workbook.xml`: no sheet is listed)",
         "the file fails: `Tệp Excel hỏng: không thấy trang tính nào`, never read as an empty file at exit 0",
         _no_workbook_part, "failed", message="Tệp Excel hỏng: không thấy trang tính nào"),
    Case("nul_in_csv", "A NUL byte inside a CSV (a file damaged in copying)", "the file fails naming the line: `có "
         "ký tự NUL (byte 0) ở dòng 3`, and what to do", _nul_in_csv, "failed",
         message="có ký tự NUL (byte 0) ở dòng 3"),
    Case("utf32", "A CSV saved as UTF-32 (with its byte-order mark)", "read, every row accepted", _utf32, rows_in=3,
         clean=3),
    Case("renamed", "A workbook named `.csv`, a CSV named `.xlsx`, a web page (HTML table) named `.xls`", "each "
         "fails with what it really is and what to do: `Tệp tên .csv nhưng nội dung là tệp Excel (.xlsx): đổi đuôi "
         "tên tệp thành .xlsx rồi chạy lại`, `... nội dung là trang web (HTML), không phải tệp Excel: mở tệp bằng "
         "Excel rồi lưu lại thành Excel Workbook (.xlsx)`", _renamed, "failed", message="đổi đuôi tên tệp thành .csv"),
    Case("control_name", "A file or sheet name holding a line break, a terminal escape (`\\x1b[2J`) or a "
         "right-to-left override", "read, every row accepted; named everywhere with those characters escaped "
         "(`producers/ds\\nmoi\\x1b[2J\\u202egol.csv`, sheet `KP1\\x1b[2J`), so the summary keeps its lines and "
         "the terminal its screen, with a note to rename the file", _control_name, rows_in=5, clean=5,
         message="Tên tệp có ký tự điều khiển"),
    Case("links", "Symbolic links in the raw folder: one to a file outside it (`/etc/passwd`), one to a file inside "
         "it", "the link out of the raw folder is not read, and is named with its target: `liên kết (symlink) trỏ "
         "ra ngoài thư mục dữ liệu thô, tới ...`; the link inside is read like the file it points to", _links,
         rows_in=3, clean=3, skipped_files=1, message="trỏ ra ngoài thư mục dữ liệu thô"),
    Case("other_plan_task", "An activity's plan task that is no task of the plan in use (`II.2`, a commune's "
         "number, where the plan numbers `III.1` to `IV`)", "that value is left empty, never the activity kind's "
         "task nor the closest, and the record kept, its reason naming the column, the value and the plan's tasks: "
         "`Nhiệm vụ kế hoạch không có trong kế hoạch: II.2 (kế hoạch có các nhiệm vụ III.1 đến III.7, IV) (đã để "
         "trống)`, listed in the quality report and sent back at its file, sheet and row; a task of the plan (by "
         "number or key) is taken, a blank one is the kind's", _other_plan_task, rows_in=3, clean=3, quarantined=0,
         message="Nhiệm vụ kế hoạch không có trong kế hoạch: II.2 (kế hoạch có các nhiệm vụ III.1 đến III.7, IV) "
         "(đã để trống)", dataset="activities"),
)  # fmt: skip
