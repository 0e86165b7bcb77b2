"""Lists for the office only: they name people (names, phones), so they go to a workbook beside the
processed data; the report gives the count and calls the list an annex kept by the office, never by its
path (the path travels in the executed notebook, for the command's message: :data:`OFFICE_LIST_MIME`)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pandas as pd

from ..plan.periods import Period
from ..plan.selections import certificates_expiring
from ..vn.fmt import fmt_count, fmt_number
from ..vn.places import SUB_UNIT_TITLE, Places
from .html import Markdown, relative_text

__all__ = ["EXPIRING_COLUMNS", "OFFICE_LIST_MIME", "OfficeListNote", "expiring_certificates"]

#: The MIME type of the record of an office-only list written for a report (where it is, what it lists).
OFFICE_LIST_MIME = "application/vnd.lkdata.office-list+json"


class OfficeListNote(Markdown):
    """The report's sentence about an office-only list, carrying (outside the document) where the list is."""

    def __init__(self, text: str, path: str, what: str):
        super().__init__(text)
        self.path, self.what = path, what

    def _repr_mimebundle_(self, include=None, exclude=None) -> dict:
        # the narrative's model too: the Word copy sets it as the body paragraph it is
        return {**super()._repr_mimebundle_(include, exclude), "text/plain": self.text,
                OFFICE_LIST_MIME: {"path": self.path, "what": self.what}}  # fmt: skip


#: The columns of the list of expiring certificates, with their headings.
EXPIRING_COLUMNS: dict[str, str] = {
    "name": "Họ và tên chủ hộ", "phone": "Số điện thoại", "khu_pho": SUB_UNIT_TITLE,
    "gap_standard": "Tiêu chuẩn chứng nhận", "gap_expires_on": "Ngày hết hạn", "farm_area_ha": "Diện tích (ha)",
}  # fmt: skip


def expiring_certificates(
    period: Period,
    tables: dict[str, pd.DataFrame],
    office_list: Callable[[pd.DataFrame, str], Path],
    days: int = 90,
    places: Places | None = None,
    *,
    two_digits: bool = False,
) -> OfficeListNote:
    """Households whose certificate expires within ``days`` after the cut-off: ``office_list`` writes
    the list (names, phones) and returns where; the sentence gives the count and calls the list an annex
    kept by the office (its sub-unit column headed with ``places``' word: ``Ấp``; the count as the ward writes
    counts, ``07 hộ`` with ``two_digits``)."""
    words = places or Places()
    headings = {c: words.title(t) for c, t in EXPIRING_COLUMNS.items()}
    soon = tables["producers"][certificates_expiring(tables, period, days)]
    table = soon.sort_values(["gap_expires_on", "khu_pho"])[list(EXPIRING_COLUMNS)].rename(columns=headings)
    path = office_list(table, f"chung_nhan_sap_het_han_{period.slug}.xlsx")
    households = fmt_count(len(table), two_digits=two_digits)
    return OfficeListNote(
        f"Có {households} hộ có chứng nhận hết hạn trong {days} ngày sau ngày chốt số liệu, cần được "
        "hướng dẫn gia hạn (có danh sách kèm theo, lưu tại bộ phận chuyên môn; danh sách có thông tin cá nhân, chỉ "
        "sử dụng nội bộ).",
        relative_text(path),
        f"danh sách {fmt_number(len(table))} hộ có chứng nhận hết hạn trong {days} ngày",
    )
