"""The irregularities people's lists carry, planted on purpose and written down in the truth.

Totals rows, a header pasted again mid-sheet, invalid values, names typed in legacy TCVN3/VNI fonts,
households listed twice, and references to cooperatives in no list. Planting draws nothing at random:
where each fault goes follows from the rows alone.
"""

from __future__ import annotations

from ..errors import UsageError
from ..vn.places import SUB_UNIT_TITLE
from ..vn.text import to_legacy
from .sheet import Sheet, xlsx_row
from .truth import Truth

__all__ = [
    "add_totals",
    "plant_bad_cooperative",
    "plant_crop_errors",
    "plant_duplicates",
    "plant_invalid_date",
    "plant_legacy",
    "plant_producer_errors",
    "plant_unknown_cooperative",
    "repeat_header",
]

#: How many household names are written in a legacy font.
LEGACY_NAMES = 8


def add_totals(sh: Sheet) -> None:
    """End the sheet with a "Tổng cộng" row (a row the reader must skip)."""
    total = [None] * len(sh.headers)
    total[1] = "Tổng cộng"
    sh.skipped.append(len(sh.rows))
    sh.rows.append(total)


def repeat_header(sh: Sheet) -> None:
    """A repeated header row in the middle of the sheet (pasted from another list)."""
    mid = len(sh.rows) // 2
    sh.rows.insert(mid, list(sh.headers))
    sh.skipped.append(mid)


def _data_index(sh: Sheet, i: int) -> int:
    while i in sh.skipped:
        i += 1
    return i


def _row_to_plant(sheets: list[Sheet], start: int, i: int) -> tuple[Sheet, int]:
    """The data row at or after ``i`` of ``sheets[start]``, or of the next sheet long enough (a small sample)."""
    for k in range(len(sheets)):
        sh = sheets[(start + k) % len(sheets)]
        j = _data_index(sh, i)
        if j < len(sh.rows):
            return sh, j
    raise UsageError(f"Quy mô mẫu quá nhỏ: không trang tính nào có đủ {i + 1} dòng dữ liệu để cài lỗi mẫu.")


def plant_producer_errors(
    truth: Truth, sheets: list[Sheet], fname: str, col: dict[str, int], sub_title: str = SUB_UNIT_TITLE
) -> None:
    """A negative area, an unknown sub-unit (``sub_title 99``: ``Khu phố 99``), an impossible date and a
    missing name, in different sheets."""
    plants = [
        ("farm_area", "-3", "negative_area"),
        ("khu_pho", f"{sub_title} 99", "unknown_khu_pho"),
        ("registered_on", "31/02/2022", "invalid_date"),
        ("name", None, "missing_name"),
    ]
    for k, (fld, value, reason) in enumerate(plants):
        sh, i = _row_to_plant(sheets, (k + 1) % len(sheets), 2 + k)
        sh.rows[i][col[fld]] = value
        truth.invalid_cell(Truth.where("producers", fname, sh.name, "xlsx", i), fld, value, reason)


def plant_legacy(truth: Truth, sheets: list[Sheet], fname: str, name_col: int) -> None:
    """Rewrite some names in TCVN3 or VNI with their font, as old workbooks hold them."""
    # names whose legacy rendering differs from Unicode (they hold a non-ASCII letter)
    planted = truth.planted_rows(truth.invalid)
    count = 0
    for sh in sheets[2:] or sheets:
        for i in range(len(sh.rows)):
            if count >= LEGACY_NAMES:
                return
            if i in sh.skipped or (sh.name, xlsx_row(i)) in planted:
                continue
            name = sh.rows[i][name_col]
            if not isinstance(name, str) or name.isascii() or i % 7:
                continue
            enc = "tcvn3" if count % 2 == 0 else "vni"
            raw = to_legacy(name, enc)
            sh.rows[i][name_col] = raw
            sh.fonts[(i, name_col)] = ".VnTime" if enc == "tcvn3" else "VNI-Times"
            truth.legacy.append(
                {
                    **Truth.where("producers", fname, sh.name, "xlsx", i),
                    "field": "name",
                    "encoding": enc,
                    "raw": raw,
                    "expected": name,
                }
            )
            count += 1


def plant_duplicates(
    truth: Truth, sheets: list[Sheet], fname: str, sup: Sheet, sfname: str, col: dict[str, int]
) -> None:
    """Copy households already listed into the supplement: exactly, or with hoà/hòa spelling."""
    planted = truth.planted_rows(truth.invalid, truth.legacy)
    picks = []
    for sh in sheets:
        for i, row in enumerate(sh.rows):
            if i in sh.skipped or (sh.name, xlsx_row(i)) in planted or not isinstance(row[col["name"]], str):
                continue
            variant = any(s in row[col["name"]] for s in ("Hòa", "Thủy"))
            picks.append((sh, i, variant))
    variants = [p for p in picks if p[2]][:2]
    plain = [p for p in picks if not p[2]][3 :: max(1, len(picks) // 6)][:4]
    for sh, i, variant in plain + variants:
        row = list(sh.rows[i])
        if variant:
            row[col["name"]] = row[col["name"]].replace("Hòa", "Hoà").replace("Thủy", "Thuỷ")
        row[0] = len(sup.rows) + 1
        sup.rows.append(row)
        j = len(sup.rows) - 1
        truth.duplicates.append(
            {
                **Truth.where("producers", sfname, sup.name, "xlsx", j),
                "kind": "tone_variant" if variant else "exact",
                "of": Truth.where("producers", fname, sh.name, "xlsx", i),
            }
        )


def plant_bad_cooperative(truth: Truth, sh: Sheet, fname: str, sub_unit: str = "KP3") -> None:
    """An invalid row: a kind that is neither HTX nor THT, and an impossible date (in ``sub_unit``, a
    sub-unit of the catalogue as typed)."""
    bad = [
        len(sh.rows) + 1,
        "Công ty TNHH Dịch vụ Nông Phát (mẫu)",
        "Công ty",
        "30/02/2025",
        None,
        sub_unit,
        5,
        "500 triệu",
        "sầu riêng",
        0,
        "Không",
        None,
        None,
        None,
    ]
    sh.rows.append(bad)
    at = Truth.where("cooperatives", fname, sh.name, "xlsx", len(sh.rows) - 1)
    truth.invalid_cell(at, "kind", "Công ty", "invalid_kind")


def plant_crop_errors(truth: Truth, sheets: list[Sheet], fname: str, col: dict[str, int]) -> None:
    """A negative area, and a misspelt crop whose likely meaning the cleaner should suggest."""
    sh, i = _row_to_plant(sheets, 0, 3)
    sh.rows[i][col["area"]] = "-3"
    truth.invalid_cell(Truth.where("crops", fname, sh.name, "xlsx", i), "area", "-3", "negative_area")
    sh, i = _row_to_plant(sheets, 0, 6)
    sh.rows[i][col["crop"]] = "Sầu riêg"
    at = Truth.where("crops", fname, sh.name, "xlsx", i)
    truth.invalid_cell(at, "crop", "Sầu riêg", "unknown_crop", suggestion="sầu riêng")


def plant_unknown_cooperative(truth: Truth, sh: Sheet, fname: str, col: int) -> None:
    """A linkage naming a cooperative that is in no list: kept, its reference reported."""
    unknown = "HTX Nông nghiệp Chưa Đăng Ký (mẫu)"
    row = sh.rows[-1]
    row[col] = f"{row[col]}; {unknown}"
    truth.unresolved.append(
        {**Truth.where("linkages", fname, sh.name, "xlsx", len(sh.rows) - 1), "field": "cooperatives", "value": unknown}
    )


def plant_invalid_date(truth: Truth, sh: Sheet, fname: str, col: dict[str, int]) -> None:
    """An impossible date (31 April) in an activity of the year's CSV export."""
    i = 4
    sh.rows[i][col["held_on"]] = "31/04/2026"
    truth.invalid_cell(Truth.where("activities", fname, "", "csv", i), "held_on", "31/04/2026", "invalid_date")
