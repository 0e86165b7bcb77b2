"""``lkdata template``: one Excel intake template per dataset, built from the current catalogues.

Each template has an instructions sheet, a data sheet whose header row carries the canonical Vietnamese
headers (the first alias of ``headers.yaml``, so ``lkdata clean`` maps them without guessing), dropdown
lists (Excel data validation) for khu phố, crops, certification kinds, cooperative kinds, activity kinds,
plan tasks and yes/no, date and number formats and checks, a frozen header row, and the lists
themselves on a hidden sheet (hidden sheets are skipped by ``lkdata clean``). A template filled in
correctly goes through ``lkdata clean`` with nothing quarantined and nothing flagged.

The checks of numbers, dates and years follow the plausibility rules (``plausibility.csv``, the office's
copy where there is one), so the template and the cleaner's flags read one table: a value outside a
rule's range gets Excel's *warning* (the usual range, what the value may have meant, the rule's note),
and the person may keep it, as ``lkdata clean`` keeps and flags it. ``today`` in a rule is Excel's
``TODAY()``, the day of typing. The range is drawn inside the field's hard limits (its schema checks;
a date's years 1900-2100), beyond which ``lkdata clean`` sets the row aside: a field without a rule is
held to them with a *stop*. Excel gives a cell one data validation, so where a warning stands, a value
kept beyond the hard limits is marked red by conditional formatting instead.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import cast

from ..clean.fields import InputField, field, fields
from ..clean.plausibility import TODAY, Rule
from ..config import DATASETS
from ..errors import InternalError
from ..vn.dates import FIRST_YEAR, LAST_YEAR
from ..vn.fmt import fmt_date, fmt_money
from ..vn.numbers import written

__all__ = ["ADVICE", "TEMPLATE_NAMES", "write_templates"]

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
    "khu_pho": "Chọn trong danh sách {sub_unit}.",
    "crop": "Chọn trong danh sách cây trồng.",
    "cert": "Chọn trong danh sách; chọn “không” nếu chưa có chứng nhận nào (để trống là chưa có thông tin).",
    "coop_kind": "Chọn HTX hoặc THT.",
    "activity_kind": "Chọn loại hoạt động.",
    "task": "Chọn nhiệm vụ của kế hoạch ({tasks}); để trống thì lấy theo loại hoạt động.",
    "bool": "Chọn Có hoặc Không.",
    "date": "Ngày, dạng ngày/tháng/năm (ví dụ 02/4/2026).",
    "area": "Diện tích, tính bằng ha (ví dụ 2,5; 3.000 m² là 0,3 ha).",
    "number": "Số, không âm (ví dụ 12,5).",
    "int": "Số nguyên, không âm (ví dụ 25).",
    "money": "Số tiền, tính bằng đồng (ví dụ 150.000.000).",
    "code": "Mã, ghi đúng như trên giấy tờ.",
    "org_list": "Tên các HTX/THT, cách nhau bằng dấu chấm phẩy (;).",
}
#: What a value outside its plausible range may have meant (the rule's ``suggestion``), as the warning
#: says it to whoever is typing (the cleaner's flag says it of the value: ``có phải 3.000 m² = 0,3 ha?``).
ADVICE: dict[str, str] = {
    "m2_as_ha": "Nếu đã ghi theo m², đổi ra ha (3.000 m² = 0,3 ha).",
    "kg_as_tonnes": "Nếu đã ghi theo kg, đổi ra tấn (1.000 kg = 1 tấn).",
    "millions": "Ghi đủ số đồng (500 triệu đồng là 500.000.000).",
    "year": "Kiểm tra lại năm.",
    "": "Kiểm tra lại.",
}
_WARNING_TITLE = "Số liệu bất thường"  # as the quality report names the values it flags
_STOP_TITLE = "Giá trị không hợp lệ"
_KEEP = "Nếu đúng, chọn Yes (Có) để giữ."
_EXCEL_TEXT = 255  # Excel's limit on a validation's message
_CLAUSE_RE = re.compile(r"(?<=[.;])\s+")  # a colon introduces what matters: never cut there
_HEADER_ROW = 3  # 0-based: title, note, blank, header
_LAST_ROW = 2000


#: Free-text fields offered a list (a dropdown that only *warns* outside it): the organiser of an activity, from
#: the ward's units (``units.csv``), so that a unit's rows name it as lkdata recognises it; another body (the
#: Department) may still be typed.
_SUGGESTED = {("activities", "organiser"): "unit"}


def _lists(ref, units=()) -> dict[str, list[str]]:
    return {
        "khu_pho": list(ref.khu_pho["name"]),
        "crop": list(ref.crops["name"]),
        "cert": list(ref.certifications["name"]),
        "coop_kind": list(field("cooperatives", "kind").choices),
        "activity_kind": list(ref.activity_kinds["name"]),
        "task": ref.task_numbers,  # the plan in use (its tasks.csv)
        "bool": ["Có", "Không"],
        **({"unit": [u.name for u in units]} if units else {}),
    }


@dataclass(frozen=True)
class _Range:
    """A range of a field's values (numbers, dates, or ``TODAY``); either end may be open (``None``)."""

    low: object = None
    high: object = None
    low_open: bool = False  #: the lower end is excluded (an area is more than 0)
    zero_ok: bool = False  #: 0 is a value of its own (no cost), whatever the lower end


@dataclass(frozen=True)
class _Check:
    """What a template does with one field's column: its data validation, its help, the conditional
    format of values beyond its hard limits (where the validation only warns)."""

    validation: dict | None
    help: str
    guide: str
    beyond: str | None = None  #: Excel formula: the value lies beyond the hard limits


def _is_year(spec: InputField) -> bool:
    return spec.kind == "int" and spec.unit == "năm"


def _limits(spec: InputField) -> _Range | None:
    """A field's hard limits: its schema checks (``lkdata clean`` sets aside a row beyond them); a date's
    years are those the cleaner reads (1900-2100)."""
    if spec.kind == "date":
        return _Range(dt.date(FIRST_YEAR, 1, 1), dt.date(LAST_YEAR, 12, 31))
    if spec.kind not in ("area", "number", "int", "money") or spec.bounds is None:
        return None
    return _Range(*spec.bounds, low_open=spec.low_open)


def _now(end: object, spec: InputField) -> object:
    """An end, ``today`` as the day (or year) the template is written: only to compare ends."""
    if end != TODAY:
        return end
    return dt.date.today() if spec.kind == "date" else dt.date.today().year


def _plausible(rule: Rule, hard: _Range | None, spec: InputField) -> _Range:
    """A rule's range, drawn inside the field's hard limits."""
    low, high, low_open = rule.low, rule.high, False
    if hard is not None and hard.low is not None:
        if low is None or _now(low, spec) < hard.low:
            low, low_open = hard.low, hard.low_open
        elif _now(low, spec) == hard.low:
            low_open = hard.low_open
    if hard is not None and hard.high is not None and (high is None or _now(high, spec) > hard.high):
        high = hard.high
    zero = rule.zero_ok and spec.kind != "date" and low is not None and _now(low, spec) > 0
    zero = zero and (hard is None or hard.low is None or hard.low < 0 or (hard.low == 0 and not hard.low_open))
    return _Range(low, high, low_open, zero)


def _number(value: object) -> int | float:
    v = float(value)  # type: ignore[arg-type]
    return int(v) if v.is_integer() else v


def _formula(end: object, spec: InputField) -> str:
    """An end as an Excel formula writes it."""
    if end == TODAY:
        return "TODAY()" if spec.kind == "date" else "YEAR(TODAY())"
    if isinstance(end, dt.date):
        return f"DATE({end.year},{end.month},{end.day})"
    return format(Decimal(repr(_number(end))), "f")  # 0.00001, never 1e-05


def _option(end: object, spec: InputField) -> object:
    """An end as xlsxwriter takes a validation's minimum or maximum."""
    return end if isinstance(end, dt.date) else f"={_formula(end, spec)}" if end == TODAY else _number(end)


def _within(r: _Range, spec: InputField, cell: str) -> str:
    """An Excel condition: the number in ``cell`` lies in the range."""
    parts = []
    if r.low is not None:
        parts.append(f"{cell}{'>' if r.low_open else '>='}{_formula(r.low, spec)}")
    if r.high is not None:
        parts.append(f"{cell}<={_formula(r.high, spec)}")
    if spec.kind == "int":
        parts.append(f"{cell}=INT({cell})")
    return f"AND({','.join(parts)})" if len(parts) > 1 else parts[0]


def _validation(r: _Range, spec: InputField, cell: str) -> dict:
    """Excel's data validation of a range (its kind's own type where it can say it)."""
    if r.zero_ok or (r.low_open and (r.high is not None or spec.kind == "int")):
        inside = f"AND(ISNUMBER({cell}),{_within(r, spec, cell)})"
        return {"validate": "custom", "value": f"=OR({cell}=0,{inside})" if r.zero_ok else f"={inside}"}
    validate = {"date": "date", "int": "integer"}.get(spec.kind, "decimal")
    if r.low is not None and r.high is not None:
        return {"validate": validate, "criteria": "between", "minimum": _option(r.low, spec),
                "maximum": _option(r.high, spec)}  # fmt: skip
    if r.low is not None:
        return {"validate": validate, "criteria": ">" if r.low_open else ">=", "value": _option(r.low, spec)}
    return {"validate": validate, "criteria": "<=", "value": _option(r.high, spec)}


def _said(end: object, spec: InputField) -> str:
    if end == TODAY:
        return "hôm nay" if spec.kind == "date" else "năm hiện tại"
    if isinstance(end, dt.date):
        return fmt_date(end)
    if _is_year(spec):
        return str(_number(end))
    return fmt_money(float(end)) if spec.kind == "money" else written(float(end))  # type: ignore[arg-type]


def _span(r: _Range, spec: InputField, unit: str) -> str:
    """A range as a sentence says it: ``từ 0,01 đến 50 ha``, ``từ 01/01/1950 đến hôm nay``, ``không âm``;
    a date's years 1900 and 2100 are the reader's limits, not worth saying (``""`` when nothing is left)."""
    dated = spec.kind == "date" or _is_year(spec)
    ends = [None if e in (dt.date(FIRST_YEAR, 1, 1), dt.date(LAST_YEAR, 12, 31)) else e for e in (r.low, r.high)]
    if ends == [0, None] and not r.zero_ok:
        return "lớn hơn 0" if r.low_open else "không âm"
    low, high = (_said(e, spec) if e is not None else None for e in ends)
    if low is not None and high is not None:
        text = f"lớn hơn {low}, tối đa {high}" if r.low_open else f"từ {low} đến {high}"
    elif low is not None:
        text = f"lớn hơn {low}" if r.low_open else f"từ {low} trở đi" if dated else f"từ {low} trở lên"
    elif high is not None:
        text = f"đến {high}" if dated else f"tối đa {high}"
    else:
        return ""
    if unit and not dated and spec.kind != "money":
        text = f"{text} {unit}"
    return f"{text}, hoặc 0" if r.zero_ok else text


def _unit(spec: InputField, rule: Rule | None) -> str:
    return "ha" if spec.kind == "area" else (rule.unit if rule else "") or spec.unit or ""


def _fit(head: str, note: str, tail: str) -> str:
    """``head``, as many whole sentences of ``note`` as Excel's 255 characters leave room for, ``tail``."""
    room, clauses = _EXCEL_TEXT - len(head) - len(tail) - 2, []
    for clause in _CLAUSE_RE.split(note.strip()):
        if len(" ".join([*clauses, clause])) > room:
            break
        clauses.append(clause)
    while clauses and (said := " ".join(clauses)).count("(") != said.count(")"):  # never cut inside a bracket
        clauses.pop()
    kept = " ".join(clauses)
    kept = f"{kept[:-1]}." if kept.endswith(";") else kept
    return " ".join(p for p in (head, kept, tail) if p)


def _check(spec: InputField, rule: Rule | None, cell: str) -> _Check | None:
    """The check of a number, date or year field: a warning outside the rule's plausible range (drawn
    inside the hard limits, which conditional formatting then marks), else a stop at the hard limits."""
    hard = _limits(spec)
    if hard is None and rule is None:
        return None
    base, unit = spec.help or _HELP.get(spec.kind, ""), _unit(spec, rule)
    r = _plausible(rule, hard, spec) if rule else cast(_Range, hard)
    span = _span(r, spec, unit)
    if "{low}" in base:  # the field's help names its range (years)
        text = base.format(
            **{k: _said(v, spec) if v is not None else "" for k, v in (("low", r.low), ("high", r.high))}
        )
    elif rule:
        text = f"{base} Thường {span}."
    else:
        text = f"{base} Bắt buộc: {span}." if span and span not in base else base
    if rule is None:
        what = {"date": "ngày"}.get(spec.kind, "năm" if _is_year(spec) else "số")
        error = f"{spec.label}: chỉ nhận {what} {span or 'dạng ngày/tháng/năm'}."
        options = {**_validation(r, spec, cell), "error_title": _STOP_TITLE, "error_message": error}
        return _Check({**options, "input_message": text}, text, text)
    # the hard limits, said where they are worth saying: a date's are the reader's; a year's far future none,
    # nor an upper limit a hundred times the plausible one (what no ward's record holds: 1.000.000 members)
    far = hard is not None and isinstance(hard.high, (int, float)) and isinstance(r.high, (int, float))
    far = far and r.high > 0 and hard.high >= 100 * r.high  # type: ignore[operator]
    shown = None if spec.kind == "date" or hard is None else _Range(hard.low, None) if _is_year(spec) or far else hard
    limit = _span(shown, spec, unit) if shown else ""
    must = f"Bắt buộc: {limit}." if limit and limit not in text else ""
    help_text = f"{text} {must}".strip()
    head = f"{spec.label} ngoài mức hợp lý: thường {span}. {ADVICE[rule.suggestion]}"
    plain = limit == "không âm"  # a negative amount is rare: the room goes to the rule's reason
    error = _fit(head, rule.note, _KEEP if plain or not must else f"{must} {_KEEP}")
    options = {**_validation(r, spec, cell), "error_type": "warning", "error_title": _WARNING_TITLE,
               "error_message": error, "input_message": help_text}  # fmt: skip
    beyond = None if hard is None else f"=AND(ISNUMBER({cell}),NOT({_within(hard, spec, cell)}))"
    return _Check(options, help_text, f"{help_text} {rule.note}".strip(), beyond)


def _column_check(dataset: str, spec: InputField, lists: dict[str, list[str]], rules, cell: str,
                  sub_unit: str = "", tasks: str = "") -> _Check:  # fmt: skip
    """What the template does with a field's column: a dropdown, a range check, or only its help
    (``sub_unit``: the profile's word for its sub-units, which the ``khu_pho`` field's help names; ``tasks``: the
    plan's task numbers in short, which the ``task`` field's help names)."""
    kind = spec.kind
    help_text = _HELP.get(kind, "").replace("{sub_unit}", sub_unit).replace("{tasks}", tasks)
    if _SUGGESTED.get((dataset, spec.name)) in lists:
        letter = chr(ord("A") + list(lists).index(_SUGGESTED[(dataset, spec.name)]))
        source = f"='Danh mục'!${letter}$2:${letter}${len(lists['unit']) + 1}"
        help_text = "Chọn cơ quan, đơn vị trong danh sách; đơn vị khác (cấp trên) ghi tên đầy đủ."
        return _Check({"validate": "list", "source": source, "input_message": help_text, "error_type": "warning",
                       "error_title": "Đơn vị không có trong danh sách", "error_message": f"{help_text} {_KEEP}"},
                      help_text, help_text)  # fmt: skip
    if kind in lists:
        col = list(lists).index(kind)
        letter = chr(ord("A") + col)
        source = f"='Danh mục'!${letter}$2:${letter}${len(lists[kind]) + 1}"
        return _Check({"validate": "list", "source": source, "input_message": help_text,
                       "error_title": "Giá trị không có trong danh sách", "error_message": help_text},
                      help_text, help_text)  # fmt: skip
    if spec.choices:  # a short fixed list (OCOP stars): the dropdown says which
        values = [str(v) for v in spec.choices]
        help_text = (spec.help or help_text).format(low=min(spec.choices), high=max(spec.choices))
        return _Check({"validate": "list", "source": values, "input_message": help_text,
                       "error_title": "Giá trị không có trong danh sách", "error_message": help_text},
                      help_text, help_text)  # fmt: skip
    rule = next((r for r in rules if r.dataset == dataset and r.field.name == spec.name), None)
    check = _check(spec, rule, cell)
    if check is not None:
        return check
    help_text = spec.help or help_text
    return _Check(None, help_text, help_text)


#: The header cells' format (with a blue fill, or orange for a required column).
_HEAD = {"bold": True, "text_wrap": True, "valign": "vcenter", "align": "center", "border": 1}


def write_templates(out: Path, ref=None, units=()) -> list[Path]:
    """Write one template per dataset into ``out``; returns the files written. ``units`` (the ward's units,
    :func:`~lkdata.io.reference.load_units`) make the activities' organiser column a dropdown of their names."""
    import xlsxwriter
    from xlsxwriter.utility import xl_rowcol_to_cell

    from .cells import CellWriter
    from .reference import load_reference
    from .store import atomic_path

    ref = ref or load_reference()
    lists = _lists(ref, units)
    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    written = []
    for dataset in DATASETS:
        target = out / TEMPLATE_NAMES[dataset]
        with atomic_path(target) as tmp:
            wb = xlsxwriter.Workbook(str(tmp))
            cells = CellWriter(wb)  # catalogue values and headers are the office's text: never a formula
            wb.set_properties({"title": _TITLES[dataset], "author": "lkdata", "comments": "Mẫu nhập liệu"})
            f_date = wb.add_format({"num_format": "dd/mm/yyyy"})
            f_num = wb.add_format({"num_format": "#,##0.00"})
            f_int = wb.add_format({"num_format": "#,##0"})
            f_text = wb.add_format({"num_format": "@"})
            f_beyond = wb.add_format({"bg_color": "#FFC7CE", "font_color": "#9C0006"})
            ws = wb.add_worksheet("Dữ liệu")
            guide = wb.add_worksheet("Hướng dẫn")
            lookup = wb.add_worksheet("Danh mục")
            for j, (name, values) in enumerate(lists.items()):
                cells.write_text(lookup, 0, j, name)
                cells.write_column(lookup, 1, j, values)
            lookup.hide()
            cells.write_text(ws, 0, 0, _TITLES[dataset], bold=True, font_size=14)
            cells.write_text(
                ws, 1, 0, "Nhập từ dòng 5; không đổi tên cột. Cột tô màu cam là bắt buộc. Xem trang “Hướng dẫn”."
            )
            cells.write_row(guide, 0, 0, ["Cột", "Bắt buộc", "Cách ghi"], **_HEAD, bg_color="#DDEBF7")
            guide.set_column(0, 0, 34)
            guide.set_column(1, 1, 10)
            guide.set_column(2, 2, 70)
            for j, spec in enumerate(fields(dataset)):
                kind, required = spec.kind, spec.required
                header = ref.places.title(ref.headers[dataset][spec.name][0])
                cells.write_text(ws, _HEADER_ROW, j, header, **_HEAD, bg_color="#FCE4D6" if required else "#DDEBF7")
                fmt = {"date": f_date, "area": f_num, "number": f_num, "int": f_int, "money": f_int}.get(kind)
                if kind in ("phone", "id_card", "code"):
                    fmt = f_text  # leading zeros stay
                ws.set_column(j, j, 28 if kind in ("person", "text", "org_list") else 16, fmt)
                check = _column_check(dataset, spec, lists, ref.plausibility, xl_rowcol_to_cell(_HEADER_ROW + 1, j),
                                      ref.places.sub_unit, ref.tasks_in_short)  # fmt: skip
                if check.validation and ws.data_validation(
                    _HEADER_ROW + 1, j, _LAST_ROW, j, {"input_title": header[:32], **check.validation}
                ):  # xlsxwriter only warns of a message over Excel's limits, and leaves the check out
                    raise InternalError(f"Mẫu {TEMPLATE_NAMES[dataset]}: Excel không nhận kiểm tra của cột {header}")
                if check.beyond:  # a value the cleaner sets aside, kept past the warning: red
                    beyond = {"type": "formula", "criteria": check.beyond, "format": f_beyond}
                    ws.conditional_format(_HEADER_ROW + 1, j, _LAST_ROW, j, beyond)
                cells.write_row(
                    guide, j + 1, 0, [header, "Có" if required else "", check.guide], text_wrap=True, valign="top"
                )
            ws.set_row(_HEADER_ROW, 36)
            ws.freeze_panes(_HEADER_ROW + 1, 0)
            ws.activate()
            wb.close()
        written.append(target)
    return written
