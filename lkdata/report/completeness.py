"""The completeness views of the quality report: per khu phố, what was sent and when; cooperatives at
the cut-off. :class:`CompletenessViews` is mixed into :class:`~lkdata.report.quality.QualityDocument`
(it reads the document's ``tables``, ``period`` and ``khu_pho``)."""

from __future__ import annotations

from functools import cached_property

import pandas as pd

from ..plan.periods import Period
from ..plan.selections import cooperatives_active, linkages_running
from ..vn.fmt import fmt_number
from ..vn.places import Places
from .html import Block, esc, table_html
from .privacy import SharedText
from .reporting import reporting_html, reporting_matrix
from .tables import khu_pho_sent

__all__ = ["CompletenessViews"]


class CompletenessViews:
    """Completeness per khu phố (DHIS2's reporting rate and its matrix by month) and the cooperatives."""

    tables: dict[str, pd.DataFrame]
    period: Period
    khu_pho: list[str]
    shown: SharedText
    places: Places

    def completeness(self) -> pd.DataFrame:
        """Per khu phố: records in total, records dated inside the period, and whether it sent any."""
        return self._completeness.copy()

    @cached_property
    def _completeness(self) -> pd.DataFrame:
        start, cutoff = pd.Timestamp(self.period.start), pd.Timestamp(self.period.cutoff)
        pr, act, crops = self.tables["producers"], self.tables["activities"], self.tables["crops"]

        def per_khu_pho(df: pd.DataFrame, mask=None) -> pd.Series:
            rows = df if mask is None else df[mask]
            return rows["khu_pho"].value_counts().reindex(self.khu_pho, fill_value=0)

        out = pd.DataFrame({
            "producers": per_khu_pho(pr),
            "plots": per_khu_pho(crops),
            "activities": per_khu_pho(act),
            "dated_in_period": per_khu_pho(pr, pr["registered_on"].between(start, cutoff))
            + per_khu_pho(act, act["held_on"].between(start, cutoff)),
        })  # fmt: skip
        sent = out.index.isin(list(khu_pho_sent(self.tables)))  # the reports' rule: any record of any table
        return out.assign(sent=sent).rename_axis("khu_pho").reset_index()

    def completeness_table(self) -> Block:
        c = self.completeness()
        body = [[str(i), esc(r.khu_pho), fmt_number(r.producers), fmt_number(r.plots), fmt_number(r.activities),
                 fmt_number(r.dated_in_period), "Có" if r.sent else "<b>CHƯA GỬI</b>"]
                for i, r in enumerate(c.itertuples(), 1)]  # fmt: skip
        sub = self.places
        head = ["TT", sub.sub_title, "Hộ sản xuất", "Thửa cây trồng", "Hoạt động", "Bản ghi trong kỳ", "Đã gửi số liệu"]
        return table_html(f"Bảng 6. Mức độ đầy đủ theo {sub.sub_unit}", head, body, 2, "quality")

    @property
    def reporting_rate_text(self) -> str:
        """``85,0% (17/20 khu phố)``."""
        c = self.completeness()
        return f"{fmt_number(self.reporting_rate, 1)}% ({int(c['sent'].sum())}/{len(c)} {self.places.sub_unit})"

    @property
    def silent_text(self) -> str:
        """The khu phố that sent nothing, as a phrase (``Khu phố 18, Khu phố 19 và Khu phố 20``)."""
        names = self.silent_khu_pho
        if not names:
            return "không có"
        return names[0] if len(names) == 1 else f"{', '.join(names[:-1])} và {names[-1]}"

    @property
    def reporting_rate(self) -> float:
        """Share of khu phố that sent any data, in percent (DHIS2's reporting rate)."""
        c = self.completeness()
        return float(c["sent"].mean() * 100) if len(c) else 0.0

    @property
    def silent_khu_pho(self) -> list[str]:
        c = self.completeness()
        return list(c.loc[~c["sent"], "khu_pho"])

    def reporting_table(self, first_table: int = 11) -> Block:
        """Records per khu phố and month, per dataset (DHIS2's reporting rates): :mod:`.reporting`."""
        matrix = reporting_matrix(self.tables, self.period, self.khu_pho, self.places)
        return reporting_html(matrix, self.period, first_table, self.places)

    def cooperatives_table(self) -> Block:
        """Each cooperative (organisations may be named): active at the cut-off, in a linkage running then."""
        co, lk = self.tables["cooperatives"], self.tables["linkages"]
        running = lk.loc[linkages_running(self.tables, self.period)]
        linked = set(running["cooperative_ids"].dropna().str.split("; ").explode())
        co = co.assign(active_now=cooperatives_active(self.tables, self.period)).sort_values("name")
        body = [
            [str(i), esc(self.shown(r.name)), esc(r.kind), esc(r.khu_pho if pd.notna(r.khu_pho) else "-"),
             "Có" if r.active_now else "Không", "Có" if r.cooperative_id in linked else "-"]
            for i, r in enumerate(co.itertuples(), 1)
        ]  # fmt: skip
        head = ["TT", "HTX, THT", "Loại", self.places.sub_title, "Hoạt động đến ngày chốt",
                "Trong chuỗi liên kết tại ngày chốt"]  # fmt: skip
        return table_html("Bảng 7. Hợp tác xã, tổ hợp tác", head, body, 4, "quality")
