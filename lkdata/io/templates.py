"""``lkdata template``: one Excel intake template per dataset, built from the current catalogues.

Each template has an instructions sheet, a data sheet whose header row carries the canonical Vietnamese
headers (the first alias of ``headers.yaml``, so ``lkdata clean`` maps them without guessing), dropdown
lists (Excel data validation) for khu phố, crops, certification kinds, cooperative kinds, activity kinds,
plan tasks and yes/no, date and number formats and checks, a frozen header row, and the lists
themselves on a hidden sheet (hidden sheets are skipped by ``lkdata clean``). A template filled in
correctly goes through ``lkdata clean`` with nothing quarantined.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from ..clean.fields import InputField, field, fields
from ..config import DATASETS
from ..vn.fmt import fmt_date

__all__ = ["TEMPLATE_NAMES", "write_templates"]

#: The file name of each dataset's template (a name people recognise when it comes back by email).
TEMPLATE_NAMES = {
    "producers": "mau_ho_san_xuat.xlsx",
    "cooperatives": "mau_htx_tht.xlsx",
    "crops": "mau_dien_tich_cay_trong.xlsx",
    "linkages": "mau_lien_ket_san_xuat_tieu_thu.xlsx",
    "activities": "mau_hoat_dong.xlsx",
}
_TITLES = {
    "producers": "DANH SÁCH HỘ, CƠ SỞ SẢN XUẤT NÔNG NGHIỆP",
    "cooperatives": "DANH SÁCH HỢP TÁC XÃ, TỔ HỢP TÁC",
    "crops": "DIỆN TÍCH CÂY TRỒNG THEO HỘ",
    "linkages": "DANH SÁCH CHUỖI, DỰ ÁN LIÊN KẾT SẢN XUẤT VÀ TIÊU THỤ",
    "activities": "CÁC HOẠT ĐỘNG THỰC HIỆN KẾ HOẠCH",
}
#: What to type, by kind of field (the same kinds as the cleaner's); a field's own help, or its bounds,
#: replace its kind's (a count of stars is no "25").
_HELP = {
    "person": "Họ và tên đầy đủ, có dấu.",
    "text": "Ghi bằng chữ, có dấu.",
    "phone": "Số điện thoại, ví dụ 0912345678.",
    "id_card": "Số CCCD 12 chữ số (hoặc số CMND cũ 9 chữ số).",
    "khu_pho": "Chọn trong danh sách khu phố.",
    "crop": "Chọn trong danh sách cây trồng.",
    "cert": "Chọn trong danh sách; chọn «không» nếu chưa có chứng nhận nào (để trống là chưa có thông tin).",
    "coop_kind": "Chọn HTX hoặc THT.",
    "activity_kind": "Chọn loại hoạt động.",
    "task": "Chọn nhiệm vụ của kế hoạch (III.1 đến III.7, IV); để trống thì lấy theo loại hoạt động.",
    "bool": "Chọn Có hoặc Không.",
    "date": "Ngày, dạng ngày/tháng/năm (ví dụ 02/4/2026).",
    "area": "Diện tích, tính bằng ha (ví dụ 2,5; 3.000 m² là 0,3 ha).",
    "number": "Số, không âm (ví dụ 12,5).",
    "int": "Số nguyên, không âm (ví dụ 25).",
    "money": "Số tiền, tính bằng đồng (ví dụ 150.000.000).",
    "code": "Mã, ghi đúng như trên giấy tờ.",
    "org_list": "Tên các HTX/THT, cách nhau bằng dấu chấm phẩy (;).",
}
#: Each date field's earliest and latest accepted date in the template (Excel checks them as the cell is
#: typed; ``TODAY`` is the day of typing). The field's own history sets the earliest: cooperatives from
#: 1950, VietGAP/GlobalGAP certificates from 2000, linkage contracts from 1990. Dates that record
#: something done cannot lie in the future; those that end something (expiry, contract end) and
#: activities (planned ones are listed too) can.
#: NOTE: these are the templates' own input checks. Once the plausibility rules
#: (``lkdata/reference/plausibility.csv``, another part of issue 14) are merged, take the bounds from
#: there, so the template and the cleaner's flags follow one table.
TODAY = "=TODAY()"
DATE_BOUNDS: dict[str, tuple[dt.date, dt.date | str]] = {
    "established_on": (dt.date(1950, 1, 1), TODAY),
    "dissolved_on": (dt.date(1950, 1, 1), TODAY),
    "registered_on": (dt.date(1950, 1, 1), TODAY),
    "gap_issued_on": (dt.date(2000, 1, 1), TODAY),
    "gap_expires_on": (dt.date(2000, 1, 1), dt.date(2100, 12, 31)),
    "start_on": (dt.date(1990, 1, 1), dt.date(2100, 12, 31)),
    "end_on": (dt.date(1990, 1, 1), dt.date(2100, 12, 31)),
    "approved_on": (dt.date(2000, 1, 1), TODAY),
    "held_on": (dt.date(2000, 1, 1), dt.date(2100, 12, 31)),
}
#: A date field not listed above.
DEFAULT_DATE_BOUNDS: tuple[dt.date, dt.date | str] = (dt.date(1950, 1, 1), dt.date(2100, 12, 31))
#: Years: the template stops at the current year (a tree is not planted, a product not rated, in 2100).
YEAR_TODAY = "=YEAR(TODAY())"
_HEADER_ROW = 3  # 0-based: title, note, blank, header
_LAST_ROW = 2000


def _lists(ref) -> dict[str, list[str]]:
    return {
        "khu_pho": list(ref.khu_pho["name"]),
        "crop": list(ref.crops["name"]),
        "cert": list(ref.certifications["name"]),
        "coop_kind": list(field("cooperatives", "kind").choices),
        "activity_kind": list(ref.activity_kinds["name"]),
        "task": list(field("activities", "plan_task").choices),
        "bool": ["Có", "Không"],
    }


def _validation(spec: InputField, lists: dict[str, list[str]]) -> tuple[dict | None, str]:
    """The Excel data validation of a field's column (without its title), and its help text."""
    kind = spec.kind
    help_text = _HELP.get(kind, "")
    if kind in lists:
        col = list(lists).index(kind)
        letter = chr(ord("A") + col)
        source = f"='Danh mục'!${letter}$2:${letter}${len(lists[kind]) + 1}"
        return {"validate": "list", "source": source, "input_message": help_text,
                "error_title": "Giá trị không có trong danh sách", "error_message": help_text}, help_text  # fmt: skip
    if spec.choices:  # a short fixed list (OCOP stars): the dropdown says which
        values = [str(v) for v in spec.choices]
        help_text = (spec.help or help_text).format(low=min(spec.choices), high=max(spec.choices))
        return {"validate": "list", "source": values, "input_message": help_text,
                "error_title": "Giá trị không có trong danh sách", "error_message": help_text}, help_text  # fmt: skip
    if spec.bounds:  # a narrower range than the kind's (years), to the current year
        low, high = spec.bounds
        help_text = (spec.help or help_text).format(low=low, high="năm hiện tại")
        return {"validate": "integer", "criteria": "between", "minimum": low, "maximum": YEAR_TODAY,
                "input_message": help_text, "error_message": help_text}, help_text  # fmt: skip
    if kind == "date":
        low, high = DATE_BOUNDS.get(spec.name, DEFAULT_DATE_BOUNDS)
        until = " đến hôm nay" if high == TODAY else " trở đi" if high.year >= 2100 else f" đến {fmt_date(high)}"
        help_text = f"{help_text[:-1]}, từ {fmt_date(low)}{until}."
        return {"validate": "date", "criteria": "between", "minimum": low, "maximum": high,
                "input_message": help_text, "error_message": help_text}, help_text  # fmt: skip
    if kind == "area":
        return {"validate": "decimal", "criteria": "between", "minimum": 0.0001, "maximum": 5000,
                "input_message": help_text, "error_message": "Lớn hơn 0 và không quá 5.000 ha."}, help_text  # fmt: skip
    if kind in ("number", "money", "int"):
        help_text = spec.help or help_text
        return {"validate": "integer" if kind == "int" else "decimal", "criteria": ">=", "value": 0,
                "input_message": help_text, "error_message": "Nhập số không âm."}, help_text  # fmt: skip
    return None, help_text


def write_templates(out: Path, ref=None) -> list[Path]:
    """Write one template per dataset into ``out``; returns the files written."""
    import xlsxwriter

    from .reference import load_reference
    from .store import atomic_path

    ref = ref or load_reference()
    lists = _lists(ref)
    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    written = []
    for dataset in DATASETS:
        target = out / TEMPLATE_NAMES[dataset]
        with atomic_path(target) as tmp:
            wb = xlsxwriter.Workbook(str(tmp))
            wb.set_properties({"title": _TITLES[dataset], "author": "lkdata", "comments": "Mẫu nhập liệu"})
            f_title = wb.add_format({"bold": True, "font_size": 14})
            f_head = wb.add_format({"bold": True, "text_wrap": True, "valign": "vcenter", "align": "center",
                                    "border": 1, "bg_color": "#DDEBF7"})  # fmt: skip
            f_req = wb.add_format({"bold": True, "text_wrap": True, "valign": "vcenter", "align": "center",
                                   "border": 1, "bg_color": "#FCE4D6"})  # fmt: skip
            f_date = wb.add_format({"num_format": "dd/mm/yyyy"})
            f_num = wb.add_format({"num_format": "#,##0.00"})
            f_int = wb.add_format({"num_format": "#,##0"})
            f_text = wb.add_format({"num_format": "@"})
            ws = wb.add_worksheet("Dữ liệu")
            guide = wb.add_worksheet("Hướng dẫn")
            lookup = wb.add_worksheet("Danh mục")
            for j, (name, values) in enumerate(lists.items()):
                lookup.write(0, j, name)
                lookup.write_column(1, j, values)
            lookup.hide()
            ws.write(0, 0, _TITLES[dataset], f_title)
            ws.write(1, 0, "Nhập từ dòng 5; không đổi tên cột. Cột tô màu cam là bắt buộc. Xem trang «Hướng dẫn».")
            guide.write_row(0, 0, ["Cột", "Bắt buộc", "Cách ghi"], f_head)
            guide.set_column(0, 0, 34)
            guide.set_column(1, 1, 10)
            guide.set_column(2, 2, 70)
            for j, spec in enumerate(fields(dataset)):
                kind, required = spec.kind, spec.required
                header = ref.headers[dataset][spec.name][0]
                ws.write(_HEADER_ROW, j, header, f_req if required else f_head)
                fmt = {"date": f_date, "area": f_num, "number": f_num, "int": f_int, "money": f_int}.get(kind)
                if kind in ("phone", "id_card", "code"):
                    fmt = f_text  # leading zeros stay
                ws.set_column(j, j, 28 if kind in ("person", "text", "org_list") else 16, fmt)
                options, help_text = _validation(spec, lists)
                if options:
                    ws.data_validation(_HEADER_ROW + 1, j, _LAST_ROW, j, {"input_title": header[:32], **options})
                guide.write_row(j + 1, 0, [header, "Có" if required else "", help_text])
            ws.set_row(_HEADER_ROW, 36)
            ws.freeze_panes(_HEADER_ROW + 1, 0)
            ws.activate()
            wb.close()
        written.append(target)
    return written
