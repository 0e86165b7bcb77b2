"""Lists for the office only: they name people (names, phones), so they go to a workbook beside the
processed data, and the report says how many there are and where the list is."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pandas as pd

from ..plan.periods import Period
from ..plan.selections import certificates_expiring
from ..vn.fmt import fmt_number
from .html import Markdown, relative_text

__all__ = ["EXPIRING_COLUMNS", "expiring_certificates"]

#: The columns of the list of expiring certificates, with their headings.
EXPIRING_COLUMNS: dict[str, str] = {
    "name": "Họ và tên chủ hộ", "phone": "Số điện thoại", "khu_pho": "Khu phố",
    "gap_standard": "Tiêu chuẩn chứng nhận", "gap_expires_on": "Ngày hết hạn", "farm_area_ha": "Diện tích (ha)",
}  # fmt: skip


def expiring_certificates(period: Period, tables: dict[str, pd.DataFrame],
                          office_list: Callable[[pd.DataFrame, str], Path], days: int = 90) -> Markdown:  # fmt: skip
    """Households whose certificate expires within ``days`` after the cut-off: ``office_list`` writes
    the list (names, phones) and returns where; the sentence gives the count and that place."""
    soon = tables["producers"][certificates_expiring(tables, period, days)]
    table = soon.sort_values(["gap_expires_on", "khu_pho"])[list(EXPIRING_COLUMNS)].rename(columns=EXPIRING_COLUMNS)
    path = office_list(table, f"chung_nhan_sap_het_han_{period.slug}.xlsx")
    return Markdown(
        f"Có {fmt_number(len(table))} hộ có chứng nhận hết hạn trong {days} ngày sau ngày chốt số liệu, cần được "
        f"hướng dẫn gia hạn; danh sách (có thông tin cá nhân, chỉ dùng nội bộ) tại `{relative_text(path)}`."
    )
