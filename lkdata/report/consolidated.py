"""The Department's consolidated report of a period (``lkdata consolidate``): who reported and when, the
province's totals of the indicators the plans share, a table by commune, rankings and the largest changes, and
the files not counted with the reason, in the Decree 30 layout of the wards' reports (the same header, tables
and footer blocks, so the same HTML, PDF and Word rendering).

Every figure comes from :class:`lkdata.plan.consolidate.Consolidation`; nothing here adds anything up.
"""

from __future__ import annotations

import datetime as dt

import pandas as pd

from ..plan.catalogue import KIND_WORDS
from ..plan.consolidate import Consolidation
from ..vn.fmt import fmt_date, fmt_number
from .annex import FIGURE, AnnexTable
from .decree30 import footer_block, header_block, signer_todo
from .html import Block, Captions, Markdown, capital, cell, esc, pct, table_html

__all__ = ["ConsolidatedDocument", "unit_head", "values_sheet"]

#: What a cell says for a figure a commune did not report (``null`` in its file), and for one not added up.
NOT_REPORTED = "-"
NOT_ADDED = "không cộng"


def unit_head(unit: str) -> str:
    """The unit as a column names it: money is shown in millions (:func:`lkdata.report.html.cell`)."""
    return "triệu đồng" if unit == "đồng" else unit


def _names(rows: pd.DataFrame) -> str:
    """``xã An Viễn, phường Bình Lộc, ...``."""
    return ", ".join(f"{k} {n}" for k, n in zip(rows["kind"], rows["name"], strict=True))


#: What the Department does when its profile names no signer (the command prints it; the report stays a draft).
SIGNER_TODO = signer_todo("department.yaml")


class ConsolidatedDocument:
    """The blocks of the consolidated report, in order (:meth:`blocks`); made by :func:`lkdata.jobs.consolidate`.

    Parameters
    ----------
    result : Consolidation
        The figures.
    profile : dict
        The Department's profile (``department.yaml``): issuing body, place, number, signer, recipients.
    made_on : date
        The day the files were consolidated (the report says up to which day files were counted).
    report_date : date, optional
        The signing date printed in the header (left blank to write by hand otherwise).
    """

    def __init__(self, result: Consolidation, profile: dict, *, made_on: dt.date, report_date: dt.date | None = None):
        self.c = result
        self.profile = profile
        self.made_on = made_on
        self.report_date = report_date
        self.captions = Captions()
        self.province = f"tỉnh {profile.get('province', '')}".strip()

    @property
    def title(self) -> str:
        return f"Báo cáo tổng hợp kết quả thực hiện kế hoạch của các xã, phường {self.c.period.label}"

    def blocks(self) -> list:
        """Every block of the document, in order."""
        blocks = [
            self.header(),
            self.intro(),
            Markdown("## I. TÌNH HÌNH GỬI BÁO CÁO CỦA CÁC XÃ, PHƯỜNG"),
            self.reporting_table(),
            self.reporting_text(),
            Markdown("## II. KẾT QUẢ TỔNG HỢP TOÀN TỈNH"),
            self.totals_table(),
            self.totals_note(),
            self.commune_table(),
            Markdown("## III. XẾP HẠNG VÀ BIẾN ĐỘNG SO VỚI CÙNG KỲ"),
            self.ranking_table(),
            self.changes_table(),
            Markdown("## IV. TỆP KHÔNG ĐƯỢC TỔNG HỢP"),
            self.refused_table(),
            self.other_files_note(),
            self.footer(),
        ]
        return [b for b in blocks if b is not None]

    # -- header and footer -----------------------------------------------------------------------------

    def header(self) -> Block:
        summary = (f"Tổng hợp kết quả thực hiện kế hoạch phát triển hợp tác, liên kết sản xuất và tiêu thụ sản phẩm "
                   f"nông nghiệp của các xã, phường {self.c.period.label}")  # fmt: skip
        return header_block(self.profile, self.c.period, summary, self.province, sample=False,
                            report_date=self.report_date)  # fmt: skip

    def footer(self) -> Block:
        closing = (f"Trên đây là báo cáo tổng hợp kết quả thực hiện kế hoạch của các xã, phường trên địa bàn "
                   f"{self.province} {self.c.period.label}.")  # fmt: skip
        return footer_block(self.profile, closing, name_todo=SIGNER_TODO)  # no signer: a draft, as a ward's report

    # -- I. reporting ---------------------------------------------------------------------------------

    def intro(self) -> Markdown:
        p = self.c.period
        due = f" Hạn gửi báo cáo: ngày {fmt_date(p.due)}." if p.due else ""
        return Markdown(
            f"Báo cáo tổng hợp từ tệp trao đổi số liệu (định dạng lkdata) của các xã, phường gửi về, tính đến ngày "
            f"{fmt_date(self.made_on)}; kỳ báo cáo {p.label} (từ ngày {fmt_date(p.start)} đến ngày "
            f"{fmt_date(p.end)}).{due}"
            " Các chỉ tiêu được tổng hợp theo mã định nghĩa chung, không theo tên chỉ tiêu; số liệu xã, phường không"
            " báo cáo được để trống, không tính là 0."
        )

    def reporting_table(self) -> Block:
        c = self.c
        expected = c.expected

        def share(n: int) -> str:
            return pct(100 * n / expected) if expected else "-"

        rows = [("Xã, phường phải báo cáo", expected), ("Đã gửi báo cáo (được tổng hợp)", c.reported),
                ("Trong đó: gửi đúng hạn", c.on_time), ("Trong đó: gửi sau hạn", len(c.late)),
                ("Chưa gửi hoặc tệp không được tổng hợp", len(c.missing))]  # fmt: skip
        body = [[str(i), esc(label), fmt_number(n), share(n)] for i, (label, n) in enumerate(rows, 1)]
        head = ["TT", "Nội dung", "Số xã, phường", "Tỷ lệ (%)"]
        return table_html(self.captions.table("Tình hình gửi báo cáo"), head, body, 2)

    def reporting_text(self) -> Markdown:
        c = self.c
        lines = [f"Tỷ lệ báo cáo {pct(c.reporting_rate)}% ({c.reported}/{c.expected} xã, phường); tỷ lệ báo cáo đúng "
                 f"hạn {pct(c.timeliness)}% ({c.on_time}/{c.expected})."]  # fmt: skip
        if len(c.late):
            by_day = c.late.groupby("made_on", sort=True)  # one date for all the files made that day
            late = "; ".join(f"tệp lập ngày {fmt_date(d)}: " + ", ".join(f"{k} {n}" for k, n in
                             rows[["kind", "name"]].itertuples(index=False)) for d, rows in by_day)  # fmt: skip
            lines.append(f"Gửi sau hạn ({len(c.late)}), vẫn được tổng hợp: {late}.")
        missing = c.missing
        if len(missing):
            lines.append(f"Chưa gửi báo cáo hoặc tệp không được tổng hợp ({len(missing)}): {_names(missing)}.")
        else:
            lines.append("Tất cả xã, phường đã gửi báo cáo.")
        kept_at = dict(zip(c.reports["file"], c.reports["made"], strict=True))
        for r in c.replaced.itertuples(index=False):
            made = f"{r.made:%H:%M} ngày {fmt_date(r.made.date())}"
            if kept_at.get(r.by) == r.made:  # one report sent twice (its JSON and its annex workbook): one counts
                lines.append(f"Tệp “{r.file}” và tệp “{r.by}” của {self._commune(r.code)} là cùng một báo cáo (lập "
                             f"lúc {made}): chỉ tính một lần.")  # fmt: skip
                continue
            lines.append(f"Tệp “{r.file}” của {self._commune(r.code)} (lập lúc {made}) được thay bằng tệp lập sau "
                         f"“{r.by}”: chỉ tính tệp mới nhất, không tính hai lần.")  # fmt: skip
        drafts = c.reports[c.reports["status"] == "draft"]
        if len(drafts):
            lines.append("Báo cáo chưa phải bản chính thức (dự thảo: còn thiếu nội dung, hoặc lập từ dữ liệu mẫu) "
                         f"của: {_names(drafts)}.")  # fmt: skip
        return Markdown("\n\n".join(lines))

    def _commune(self, code: str) -> str:
        row = self.c.communes.set_index("code").loc[code]
        return f"{row['kind']} {row['name']}"

    # -- II. totals and by commune --------------------------------------------------------------------

    def totals_table(self) -> Block:
        totals = self.c.totals()
        body = []
        for i, t in enumerate(totals.itertuples(index=False), 1):
            unit = "%" if t.kind == "ratio" else unit_head(t.unit)
            total = NOT_ADDED if t.total is None else cell(t.total, t.unit)
            previous = "-" if t.previous is None else cell(t.previous, t.unit)
            body.append([str(i), esc(capital(t.label)), esc(unit), total, f"{t.covered}/{t.communes}", previous,
                         pct(t.change_pct)])  # fmt: skip
        head = ["TT", "Chỉ tiêu", "Đơn vị", "Toàn tỉnh", "Số xã có số liệu", "Cùng kỳ", "So cùng kỳ (%)"]
        if not body:
            return Markdown("Chưa có chỉ tiêu nào để tổng hợp (chưa có tệp nào được tổng hợp).")
        return table_html(self.captions.table(f"Kết quả tổng hợp toàn tỉnh {self.c.period.label}"), head, body, 3)

    def totals_note(self) -> Markdown:
        c = self.c
        text = ("*Ghi chú: “Số xã có số liệu” là số xã, phường có số liệu trên số xã, phường có chỉ tiêu trong kế "
                "hoạch; tổng toàn tỉnh chỉ cộng các xã, phường có số liệu. So cùng kỳ tính trên các xã, phường có cả "
                "số liệu kỳ này và cùng kỳ. Tỷ lệ không cộng giữa các xã, phường: tính lại từ các thành phần (tử số, "
                "mẫu số) khi có, nếu không ghi “không cộng”.*")  # fmt: skip
        own = c.own()
        if len(own):
            listed = "; ".join(f"{capital(label)} ({name})" for name, label in own.head(8).itertuples(index=False))
            more = f" và {len(own) - 8} chỉ tiêu khác" if len(own) > 8 else ""
            text += f"\n\n*Chỉ tiêu riêng của một xã, phường (không tổng hợp): {listed}{more}.*"
        return Markdown(text)

    def commune_table(self) -> Block | Markdown:
        shown = self.c.ranking_definitions(3)
        table = self.c.by_commune(shown)
        if table.empty:
            return Markdown("Chưa có xã, phường nào gửi tệp được tổng hợp.")
        defs = [self.c.definitions[d] for d in shown]
        head = ["TT", "Xã, phường", "Ngày lập tệp", *(f"{capital(d.label)} ({unit_head(d.unit)})" for d in defs)]
        body = []
        for i, row in enumerate(table.itertuples(index=False), 1):
            day = fmt_date(row.made_on) + (" (sau hạn)" if row.late else "")
            figures = [NOT_REPORTED if getattr(row, d) is None else cell(getattr(row, d), x.unit)
                       for d, x in zip(shown, defs, strict=True)]  # fmt: skip
            body.append([str(i), esc(f"{capital(row.kind)} {row.name}"), esc(day), *figures])
        return table_html(self.captions.table("Một số chỉ tiêu chính theo xã, phường"), head, body, 3)

    # -- III. rankings and changes ---------------------------------------------------------------------

    def ranking_table(self, n: int = 3) -> Block | Markdown:
        body = []
        for i, d in enumerate(self.c.ranking_definitions(4), 1):
            x = self.c.definitions[d]
            top = self.c.ranking(d, n)
            places = [esc(f"{capital(r.kind)} {r.name}: {cell(r.value, x.unit)}") for r in top.itertuples(index=False)]
            body.append([str(i), esc(f"{capital(x.label)} ({unit_head(x.unit)})"),
                         *(places + ["-"] * (n - len(places)))])  # fmt: skip
        if not body:
            return Markdown("Chưa đủ số liệu để xếp hạng.")
        head = ["TT", "Chỉ tiêu", "Thứ nhất", "Thứ hai", "Thứ ba"][: 2 + n]
        return table_html(self.captions.table("Xã, phường dẫn đầu một số chỉ tiêu"), head, body, 2 + n)

    def changes_table(self) -> Block | Markdown:
        changes = self.c.changes()
        if changes.empty:
            return Markdown("Chưa có chỉ tiêu nào so sánh được với cùng kỳ.")
        body = [[str(i), esc(capital(t.label)), esc(unit_head(t.unit)), fmt_number(t.compared),
                 cell(t.value_compared, t.unit), cell(t.previous_compared, t.unit),
                 ("+" if t.change_pct > 0 else "") + pct(t.change_pct)]
                for i, t in enumerate(changes.itertuples(index=False), 1)]  # fmt: skip
        head = ["TT", "Chỉ tiêu", "Đơn vị", "Số xã so sánh", "Kỳ này", "Cùng kỳ", "Thay đổi (%)"]
        return table_html(
            self.captions.table(
                "Chỉ tiêu thay đổi nhiều nhất so với cùng kỳ (trên các xã, phường có số liệu cả hai kỳ)"
            ),
            head,
            body,
            3,
        )

    # -- IV. refused files -------------------------------------------------------------------------------

    def refused_table(self) -> Block | Markdown:
        c = self.c
        if c.refused.empty:
            return Markdown("Không có tệp trao đổi nào bị từ chối.")
        body = [
            [str(i), esc(r.file), esc(capital(r.reason))] for i, r in enumerate(c.refused.itertuples(index=False), 1)
        ]
        return table_html(self.captions.table("Tệp không được tổng hợp và lý do"), ["TT", "Tệp", "Lý do"], body, 3)

    def other_files_note(self) -> Markdown | None:
        """The files of the folder that are no exchange file (the reports' PDF and Word copies...): not read."""
        n = len(self.c.other_files)
        if not n:
            return None
        return Markdown(f"*Thư mục còn {n} tệp khác (PDF, Word, sổ Excel không có trang “Trao đổi số liệu”...) "
                        "không phải tệp trao đổi số liệu: không đọc.*")  # fmt: skip


def values_sheet(result: Consolidation) -> AnnexTable:
    """Every value of every file that counts, one row per commune and indicator, for the workbook: the
    Department's own analyses start from it (a value not reported is an empty cell, never 0)."""
    rows = [[v.code, f"{capital(v.kind_c)} {v.name}", v.definition, v.indicator, v.label, v.unit,
             KIND_WORDS.get(v.kind, "không rõ"), *(None if pd.isna(x) else float(x)
                                               for x in (v.value, v.previous, v.target))]
            for v in result.values.merge(result.communes[["code", "kind"]].rename(columns={"kind": "kind_c"}),
                                         on="code", how="left").itertuples(index=False)]  # fmt: skip
    columns = ["Mã ĐVHC", "Xã, phường", "Mã định nghĩa", "Mã chỉ tiêu (của xã)", "Chỉ tiêu (tên của xã)", "Đơn vị",
               "Loại", "Kỳ này", "Cùng kỳ", "Chỉ tiêu giao"]  # fmt: skip
    note = "Ô trống: xã, phường không báo cáo số liệu này (không phải 0)."
    caption = f"Số liệu chi tiết của các xã, phường {result.period.label}"
    return AnnexTable(caption=caption, columns=columns, rows=rows, decimals=[None] * 7 + [FIGURE] * 3,
                      sheet="Số liệu chi tiết", notes=[note])  # fmt: skip
