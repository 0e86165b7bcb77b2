"""A workbook made like a real household-survey form of a khu phố (no binary committed).

What such forms carry and the tests rely on: the two-column administrative heading and a title above
the table, a two-row header with cells merged down and a group header merged across (``Diện tích đất
(ha)`` over ``8. Tổng DT đất (ha)`` and ``9. Trong đó ...``), numbered headers with units, a row of
column numbers ``(1) (2) ...`` under the header, khu phố written as addresses, a bare ``Tiêu chuẩn``
column holding certification kinds, and a note, the place and date and the signatures under the table.
"""

from __future__ import annotations

from pathlib import Path

#: The households of the form: name, birth year, address, phone, total area, fruit area, crop, standard.
HOUSEHOLDS = [
    ("Nguyễn Văn Bảy", 1968, "Tổ 1, Khu phố 3", "0912345601", "2,5", "2", "Sầu riêng", "VietGAP"),
    (
        "Trần Thị Mai",
        1975,
        "196/3, Kp 3, Phường Long Khánh, Đồng Nai",
        "0912345602",
        "1,2",
        "1,2",
        "Chôm chôm",
        "không",
    ),
    ("Lê Văn Tám", 1980, "KP.3", "0912345603", "0,8", "0,5", "Bơ", "GlobalGAP"),
    ("Phạm Thị Hoa", 1959, "kp3 - P. Long Khánh", "0912345604", "3", "3", "Sầu riêng", "VietGAP"),
    ("Võ Văn Hùng", 1990, "Khu phố 3, phường Long Khánh", "0912345605", "1,5", "1", "Xoài", "VietGAP"),
]
#: Where the data starts, as Excel shows it; the header row the form is read with.
HEADER_ROW = 7
FIRST_DATA_ROW = 10
#: The columns (letters) of the form.
COLUMNS = {"name": "B", "birth_year": "C", "khu_pho": "D", "phone": "E", "farm_area": "F", "fruit_area": "G",
           "main_crop": "H", "standard": "I", "remarks": "J"}  # fmt: skip


def write_survey_form(path: Path, households=HOUSEHOLDS) -> Path:
    """Write the form to ``path`` (an ``.xlsx``); returns the path."""
    import openpyxl
    from openpyxl.styles import Alignment, Font

    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "KP3"
    bold = Font(bold=True)
    ws["A1"], ws["F1"] = "UBND PHƯỜNG LONG KHÁNH", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
    ws["A2"], ws["F2"] = "BAN ĐIỀU HÀNH KHU PHỐ 3", "Độc lập - Tự do - Hạnh phúc"
    ws.merge_cells("A1:D1")
    ws.merge_cells("F1:J1")
    ws.merge_cells("A2:D2")
    ws.merge_cells("F2:J2")
    ws["A4"] = "PHIẾU TỔNG HỢP ĐIỀU TRA HỘ SẢN XUẤT NÔNG NGHIỆP NĂM 2026"
    ws["A5"] = "(Kèm theo Kế hoạch số 1327/KH-UBND ngày 02/4/2026 của UBND phường Long Khánh)"
    ws.merge_cells("A4:J4")
    ws.merge_cells("A5:J5")
    top = {"A": "STT", "B": "1. Họ Tên Chủ hộ", "C": "2. Năm sinh", "D": "3. Địa chỉ", "E": "4. Số điện thoại",
           "F": "Diện tích đất (ha)", "H": "10. Cây trồng chính", "I": "Tiêu chuẩn", "J": "Ghi chú"}  # fmt: skip
    for col, text in top.items():
        ws[f"{col}7"] = text
        ws[f"{col}7"].font = bold
        ws[f"{col}7"].alignment = Alignment(wrap_text=True, horizontal="center")
        if col != "F":
            ws.merge_cells(f"{col}7:{col}8")  # one header cell over both header rows
    ws.merge_cells("F7:G7")  # the group header over its two sub-headers
    ws["F8"], ws["G8"] = "8. Tổng DT đất (ha)", "9. Trong đó: DT cây ăn trái (ha)"
    for j, col in enumerate("ABCDEFGHIJ", 1):
        ws[f"{col}9"] = f"({j})"  # the row of column numbers
    for i, (name, born, address, phone, total, fruit, crop, standard) in enumerate(households):
        ws.append([i + 1, name, born, address, phone, total, fruit, crop, standard, None])
    end = FIRST_DATA_ROW + len(households)
    ws[f"A{end}"] = "Ghi chú: diện tích tính bằng ha; cột Tiêu chuẩn ghi VietGAP, GlobalGAP, hữu cơ hoặc không."
    ws.merge_cells(f"A{end}:J{end}")
    ws[f"G{end + 1}"] = "Long Khánh, ngày 15 tháng 4 năm 2026"
    ws[f"B{end + 2}"], ws[f"G{end + 2}"] = "NGƯỜI LẬP BIỂU", "TRƯỞNG KHU PHỐ"
    ws[f"B{end + 3}"], ws[f"G{end + 3}"] = "(Ký, ghi rõ họ tên)", "(Ký, ghi rõ họ tên)"
    ws[f"B{end + 6}"], ws[f"G{end + 6}"] = "Đỗ Văn Lập", "Huỳnh Văn Trưởng"
    wb.save(path)
    return path
