"""What a report notebook calls: a period's figures as Vietnamese phrases, its tables and charts, the
analyst's notes, and the blocks of an administrative document under Decree 30/2020/NĐ-CP.

A notebook opens the report once::

    R = lkdata.open_report("2026-H1")
    F, md = R.facts, R.md
    R.header()
    md(f"Trong kỳ, phường đã tổ chức {F.training_courses} tập huấn ({F.training_courses.change}).")

Every block is a display object (``_repr_html_``; narrative is Markdown rendered with raw HTML shown as
text): the last expression of a cell shows it in JupyterLab, and nbconvert renders it into the document.
Nothing here names a person: reports carry counts and aggregates (organisations may be named).

:class:`ReportDocument` is a façade: the figures are :mod:`~lkdata.report.facts`, the notes
:mod:`~lkdata.report.notes`, the header and footer :mod:`~lkdata.report.decree30`, the tables
:mod:`~lkdata.report.tables` and the charts :mod:`~lkdata.report.figures`; the trends over the years
:mod:`~lkdata.report.trend`.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from pathlib import Path

import pandas as pd

from ..plan.catalogue import Plan
from ..plan.explain import stored_by
from ..plan.history import History
from ..plan.indicators import indicators
from ..plan.periods import Period
from ..plan.rules import OUTCOME_COLUMNS, figure_notes
from ..vn.fmt import fmt_date
from . import office
from . import tables as report_tables
from .brief import BriefDocument
from .decree30 import SAMPLE_BANNER, footer_block, header_block, signer_todo
from .document_charts import ReportCharts
from .exchange import ExchangeHeader, exchange_record
from .explain import Explained
from .facts import Attainment, Fact, Facts, Parts, quantity
from .html import Block, Captions, Literal, Markdown, Placeholders, in_sentence
from .notes import Notes
from .plan_sections import PlanSections
from .sections import ReportSections
from .sentences import Narrative
from .trend import TrendViews
from .units import UnitSections

__all__ = ["SAMPLE_BANNER", "Block", "BriefDocument", "Fact", "Facts", "Markdown", "Notes", "Parts",
           "ReportDocument", "quantity"]  # fmt: skip


class ReportDocument(Explained, ReportCharts, Narrative, PlanSections, ReportSections, TrendViews, UnitSections):
    """A report of one period: its data, figures, notes, and the blocks that notebooks display (the appendix
    “Giải thích số liệu” its tables link to: :meth:`Explained.explanations`; charts: :class:`ReportCharts`;
    sentence helpers: :class:`Narrative`; the task sections as the plan lays them out: :class:`PlanSections`;
    the plan's issue and the causes: :class:`ReportSections`; trends
    over the years: :class:`TrendViews`).

    Use :func:`open_report` to make one.
    """

    md = staticmethod(Markdown)  # narrative as Markdown (indentation of a triple-quoted string removed)
    literal = staticmethod(Literal)  # data text in narrative: ``md(f"... {R.literal(name)}")`` prints it as it is

    def __init__(
        self,
        period: Period,
        tables: dict[str, pd.DataFrame],
        ward: dict,
        *,
        plan: Plan,
        notes: Notes,
        sample: bool,
        report_date: dt.date | None,
        targets: dict[str, float],
        next_targets: dict[str, float],
        khu_pho_names: list[str],
        office_list: Callable[[pd.DataFrame, str], Path],
        history: History | None = None,
        checks: pd.DataFrame | None = None,
        kind_names: dict[str, str] | None = None,
    ):
        self.period = period
        self.previous = period.previous()
        self.tables = tables
        self.ward = ward
        self.plan_data = plan  # the plan as data (tasks, indicators, report tables); ``plan`` is its citation
        self.notes = notes
        self.sample = sample
        self.report_date = report_date
        self.targets = targets
        self.next_targets = next_targets
        self.khu_pho_names = khu_pho_names
        self.office_list = office_list  # writes an office-only list (names, phones), returns where
        self.history = history  # the undated attributes' past values, for last year's figures
        self.kind_names = kind_names or {}  # catalogue code -> name (activity kinds), for the explanations
        self.table = indicators(period, tables, targets=targets, plan=plan, history=history)
        self.checks = checks if checks is not None else pd.DataFrame(columns=OUTCOME_COLUMNS)  # validation rules
        self.facts = Facts(self.table, period, figure_notes(self.checks), two_digits=self.two_digits)
        self.captions = Captions()  # numbers tables and charts in the order the notebook shows them
        self.placeholders = Placeholders()  # what it still lacks: a draft (DỰ THẢO) while any remain

    # -- the period in words --------------------------------------------------------------------------

    @property
    def is_annual(self) -> bool:
        return self.period.kind == "year"

    @property
    def label(self) -> str:
        """``6 tháng đầu năm 2026``, ``năm 2026``."""
        return self.period.label

    @property
    def previous_label(self) -> str:
        """``cùng kỳ năm 2025``."""
        return f"cùng kỳ năm {self.previous.year}"

    @property
    def next_label(self) -> str:
        """What the report plans for: ``6 tháng cuối năm 2026`` after H1, ``năm 2027`` after a year."""
        if self.period.kind == "H1":
            return f"6 tháng cuối năm {self.period.year}"
        if self.period.kind in ("H2", "year"):
            return f"năm {self.period.year + 1}"
        return "thời gian tới"

    @property
    def cutoff(self) -> str:
        return fmt_date(self.period.cutoff)

    @property
    def end(self) -> str:
        return fmt_date(self.period.end)

    @property
    def plan(self) -> str:
        """The plan as the report cites it: ``Kế hoạch số 1327/KH-UBND ngày 02/4/2026 của UBND phường``."""
        issued = self.plan_of_year
        if issued:
            return f"Kế hoạch số {issued[0]} ngày {issued[1]} của Ủy ban nhân dân {self.ward_name}"
        return f"Kế hoạch năm {self.period.year} của Ủy ban nhân dân {self.ward_name}"

    @property
    def plan_of_year(self) -> tuple[str, str] | None:
        """The plan's number and date (``("1327/KH-UBND", "02/4/2026")``) from the ward profile, when the
        profile has both and the plan is of the period's year; ``None`` otherwise (nothing is guessed)."""
        plan = self.ward.get("plan") or {}
        date = plan.get("date")
        if date and pd.Timestamp(date).year == self.period.year and plan.get("number"):
            return str(plan["number"]), fmt_date(pd.Timestamp(date).date())
        return None

    @property
    def ward_name(self) -> str:
        """``phường Long Khánh``, ``xã Suối Mây``."""
        return self.places.place

    @property
    def subject(self) -> str:
        """The plan's subject without its year: ``phát triển hợp tác, liên kết ... phường Long Khánh``."""
        title = str((self.ward.get("plan") or {}).get("title", "")).strip()
        title = re.sub(r"\s+năm \d{4}$", "", title)
        return title[:1].lower() + title[1:]

    @property
    def cutoff_statement(self) -> str:
        """Up to which date the figures run, and which are estimates (Markdown)."""
        text = f"Số liệu trong báo cáo tính đến ngày {self.cutoff}"
        text += f"; so sánh với {self.previous_label} (số liệu đến ngày {fmt_date(self.previous.cutoff)})."
        if len(unknown := self.table[self.table["previous"].isna()]):
            labels = "; ".join(in_sentence(x) for x in unknown["label"])
            text += (
                f" Chưa có số liệu cùng kỳ của {self.count(len(unknown))} chỉ tiêu tính từ thông tin không ghi ngày"
                f" ({labels}), do chưa lưu trữ số liệu các thông tin này {stored_by(self.previous)}; các chỉ tiêu"
                " này"
                " không so sánh với cùng kỳ."
            )
        if self.period.is_partial:
            text += (
                f" Số liệu ước thực hiện đến ngày {self.end} (cột “Ước đến {self.end}” trong các bảng): các chỉ tiêu"
                " về hoạt động (lớp tập huấn, tuyên truyền, hội chợ, kiểm tra..., số lượt tham gia và kinh phí đã chi)"
                " được ước theo nhịp độ thực hiện đến ngày chốt số liệu; các chỉ tiêu tính tại một thời điểm (số HTX,"
                " chuỗi liên kết, diện tích, chứng nhận...) và các chỉ tiêu tính theo từng hồ sơ (chuỗi liên kết mới,"
                " HTX thành lập mới, giải thể, dự án được phê duyệt và kinh phí hỗ trợ) giữ nguyên số liệu tại ngày"
                " chốt."
            )
        return text

    @property
    def attainment(self) -> Attainment:
        """How the period stands against the year's targets and last year (counts and labels)."""
        return Attainment.of(self.table, self.period, two_digits=self.two_digits)

    def parts(self, table: str) -> Parts:
        """The figures of a report table whose rows are parts of one indicator (``of`` in
        ``report_tables.csv``), with what they leave unexplained: ``{R.parts("participants_chart")}`` ->
        ``127 lượt hộ, 13 lượt HTX/THT, 7 lượt doanh nghiệp và 14 lượt người thuộc đối tượng khác``."""
        return report_parts(self.plan_data, self.facts, table)

    # -- narrative and document blocks ----------------------------------------------------------------

    def heading(self, text: str, level: int = 2) -> Markdown:
        """A heading made from data (``III. NHIỆM VỤ ... 6 THÁNG CUỐI NĂM 2026``)."""
        return Markdown(f"{'#' * level} {text}")

    def note(self, section: str, *, optional: bool = False) -> Markdown | Block | None:
        """A section of the analyst's notes file; when it is missing, a visible placeholder naming
        where to write it (nothing at all for an ``optional`` section)."""
        return self.placeholders.shown(self.notes.block(section, optional=optional))

    def header(self) -> Block:
        """The Decree 30 header (issuing body, motto, number, place, date, title, summary), with the exchange record."""
        summary = f"Kết quả thực hiện Kế hoạch {self.subject} {self.label}"
        block = header_block(self.ward, self.period, summary, self.ward_name, sample=self.sample,
                             report_date=self.report_date)  # fmt: skip
        return ExchangeHeader(block, exchange_record(self.period, self.table, self.plan_data, self.ward))

    def footer(self, closing: str = "") -> Block:
        """The closing paragraph, ``Nơi nhận`` and the signature block (from the ward profile), kept on
        one page together; ``Nơi nhận`` adds the units listed under ``## Nơi nhận`` in the notes. Without the
        signer's name in the profile, the name is a placeholder: the document stays a draft."""
        return footer_block(self.ward, closing, self.notes.recipients(), name_todo=signer_todo("ward.yaml"))

    # -- tables (see lkdata.report.tables) ------------------------------------------------------------

    def khu_pho_table(self) -> Block:
        """Indicators by khu phố, every khu phố of the catalogue (those that sent nothing show 0)."""
        return report_tables.khu_pho_table(self.period, self.tables, self.plan_data, self.khu_pho_names, self.captions,
                                           self.places)  # fmt: skip

    def linkage_table(self) -> Block:
        """Linkages running in the period, by crop: chains, households, area, output, contract value."""
        return report_tables.linkage_table(self.period, self.tables, self.captions)

    def support_table(self) -> Block:
        """Linkage support approved in the period, by support item (NĐ 98/2018, NQ 143/2018)."""
        return report_tables.support_table(self.period, self.tables, self.plan_data, self.captions)

    def year_table(self) -> Block:
        """The whole-year view: first half, the year to the cut-off, the estimate, last year, the target."""
        return report_tables.year_table(self.period, self.tables, self.table, self.plan_data, self.ward, self.targets,
                                        self.captions)  # fmt: skip

    def next_targets_table(self) -> Block:
        """Next year's targets, when the office has set them (``targets/<year+1>.yaml``)."""
        table = report_tables.next_targets_table(self.period, self.table, self.next_targets, self.captions)
        return self.placeholders.shown(table)

    # -- office-only lists ---------------------------------------------------------------------------

    def expiring_certificates(self, days: int = 90) -> office.OfficeListNote:
        """Households whose certificate expires within ``days`` after the cut-off: the list (names, phones)
        goes to an office-only workbook; the report gives the count and calls it an annex kept by the office."""
        return office.expiring_certificates(
            self.period, self.tables, self.office_list, days, self.places, two_digits=self.two_digits
        )


def report_parts(plan: Plan, facts: Facts, table: str) -> Parts:
    """:meth:`ReportDocument.parts` from the plan and the period's facts (``UsageError`` for a table whose
    rows name no whole)."""
    from ..errors import UsageError

    columns = plan.report_table(table)
    wholes = {c.of for c in columns}
    if len(wholes) != 1 or None in wholes:
        raise UsageError(f"Bảng báo cáo '{table}' không ghi chỉ tiêu tổng (cột of trong report_tables.csv)")
    return Parts(facts[wholes.pop()], tuple(facts[c.indicator] for c in columns), tuple(c.label for c in columns))
