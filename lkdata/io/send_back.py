"""The send-back workbooks: per source file, its rows to fix with the reason, to return to whoever filled it."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from ..clean.quarantine import SKIPPED
from ..config import DATASETS
from .store import atomic_path, load_quarantine

__all__ = ["SEND_BACK_DIR", "write_send_back"]

#: Beside the processed tables (office-only: the rows hold names and phone numbers).
SEND_BACK_DIR = "tra_lai"


def write_send_back(processed: Path) -> list[Path]:
    """One workbook per source file with rows to fix: sheet, row, reason, and the values as they were typed.

    Written under ``processed/tra_lai/`` (office-only: it holds names and phone numbers); the folder is
    emptied first so that a fixed file leaves no stale list behind. Returns the workbooks written.
    """
    import xlsxwriter

    out = Path(processed) / SEND_BACK_DIR
    out.mkdir(parents=True, exist_ok=True)
    for old in out.glob("*.xlsx"):
        old.unlink()
    written = []
    for dataset in DATASETS:
        q = load_quarantine(dataset, processed, raw_headers=True)
        q = q[~q["Lý do"].fillna("").str.endswith(SKIPPED)]
        for file, rows in q.groupby("Tệp", sort=True):
            name = Path(str(file)).stem
            target = out / f"{dataset}__{name}.xlsx"
            values = [c for c in rows.columns if c not in ("Tệp", "Trang tính", "Dòng", "Lý do")]
            values = [c for c in values if rows[c].notna().any()]
            with atomic_path(target) as tmp:
                wb = xlsxwriter.Workbook(str(tmp))
                ws = wb.add_worksheet("Dòng cần sửa")
                bold = wb.add_format({"bold": True, "bg_color": "#F2F2F2", "border": 1, "text_wrap": True})
                wrap = wb.add_format({"text_wrap": True, "valign": "top", "font_color": "#9C0006"})
                ws.write_row(0, 0, ["Trang tính", "Dòng", "Lý do cần sửa", *values], bold)
                for i, rec in enumerate(rows.to_dict("records"), 1):
                    cells = {k: "" if pd.isna(v) else str(v) for k, v in rec.items()}
                    row = int(cells["Dòng"]) if cells["Dòng"].isdigit() else cells["Dòng"]
                    ws.write_row(i, 0, [cells["Trang tính"], row])
                    ws.write_string(i, 2, cells["Lý do"], wrap)
                    for j, c in enumerate(values):  # as typed: text, so Excel keeps leading zeros of phones
                        ws.write_string(i, 3 + j, cells[c])
                ws.set_column(0, 1, 12)
                ws.set_column(2, 2, 45)
                ws.set_column(3, 3 + len(values), 18)
                ws.freeze_panes(1, 3)
                ws.autofilter(0, 0, len(rows), 2 + len(values))
                wb.close()
            written.append(target)
    return written
