"""Tables as an Excel annex ("Phụ lục số liệu"): what :mod:`lkdata.io.annex` writes, one sheet each.

An :class:`AnnexTable` holds values, not text: numbers stay numbers (the workbook shows them with the
reader's separators, ``1.234,5`` on a Vietnamese Windows), dates stay dates, an empty cell is a value
nobody knows. Nothing here names a person: the tables are the report's, and the indicators'.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

import pandas as pd

from ..plan.catalogue import Plan
from ..plan.periods import Period
from ..vn.fmt import figure_decimals, fmt_date, round_half_up

__all__ = ["FIGURE", "AnnexTable", "definitions_table", "indicators_table"]

#: How a kind of indicator reads in words.
KIND_WORDS = {"stock": "Số có đến ngày chốt số liệu", "flow": "Phát sinh trong kỳ (từ đầu kỳ đến ngày chốt)"}


@dataclass
class AnnexTable:
    """One sheet: a caption, column headers, rows of values, and per column how a number shows: a
    number of decimals, :data:`FIGURE` (as many as the figure has, at most one), ``None`` (a text column)."""

    caption: str
    columns: list[str]
    rows: list[list]
    decimals: list[int | str | None]
    sheet: str = ""  #: the sheet's name (at most 31 characters; made from the caption when empty)
    notes: list[str] = field(default_factory=list)  #: lines printed under the table

    def __post_init__(self) -> None:
        if len(self.decimals) != len(self.columns) or any(len(r) != len(self.columns) for r in self.rows):
            raise ValueError(f"{self.caption}: every row needs one value per column")


#: A column of figures shown as every document shows them (:func:`~lkdata.vn.fmt.figure_decimals`).
FIGURE = "figure"


def _figure(value: float | None) -> float | None:
    """A figure rounded as the documents round it (half up, :func:`~lkdata.vn.fmt.figure_decimals`
    places), or ``None`` for an unknown one: never a default."""
    if value is None or (isinstance(value, float) and not math.isfinite(value)):
        return None
    return float(round_half_up(value, figure_decimals(value)))


def _percent(value: float | None) -> float | None:
    if value is None or (isinstance(value, float) and not math.isfinite(value)):
        return None
    return float(round_half_up(value, 1))


def indicators_table(df: pd.DataFrame, period: Period, plan: Plan) -> AnnexTable:
    """The indicators of ``period`` (the frame :func:`lkdata.indicators` returns) as one sheet: this
    period, the estimate to the period's end (six-month reports), last year, the change, the target."""
    partial = period.is_partial
    columns = ["TT", "Nhiệm vụ", "Mã chỉ tiêu", "Chỉ tiêu", "Đơn vị", f"Đến {fmt_date(period.cutoff)}"]
    decimals: list[int | str | None] = [0, None, None, None, None, FIGURE]
    if partial:
        columns.append(f"Ước đến {fmt_date(period.end)}")
        decimals.append(FIGURE)
    columns += [
        f"Cùng kỳ {period.previous().year}",
        "So cùng kỳ (%)",
        f"Chỉ tiêu năm {period.year}",
        "Đạt (%)",
        "Ghi chú",
    ]
    decimals += [FIGURE, 1, FIGURE, 1, None]
    rows = []
    for i, r in enumerate(df.itertuples(), 1):
        ratio = r.value / r.previous * 100 if r.previous and r.previous == r.previous else float("nan")
        row = [i, f"{plan.task_number(r.task)}. {plan.tasks[r.task]}", r.indicator, r.label, r.unit]
        row.append(_figure(r.value))
        if partial:
            row.append(_figure(r.estimate))
        notes = [n for n in (r.unknown_note, "" if r.target == r.target else "chưa giao chỉ tiêu") if n]
        if r.previous != r.previous:
            notes.append("chưa có số liệu cùng kỳ")
        row += [_figure(r.previous), _percent(ratio), _figure(r.target), _percent(r.attainment_pct),
                "; ".join(notes) or None]  # fmt: skip
        rows.append(row)
    return AnnexTable(
        caption=f"Chỉ tiêu kỳ {period.label} (số liệu đến ngày {fmt_date(period.cutoff)})",
        columns=columns,
        rows=rows,
        decimals=decimals,
        sheet="Chỉ tiêu",
        notes=["Số tiền tính bằng đồng; diện tích bằng ha; ô trống: chưa có số liệu."],
    )


def definitions_table(plan: Plan, period: Period, describe=None) -> AnnexTable:
    """What each indicator counts: its task, unit, kind (a stock at the cut-off or a flow in the
    period), the table it reads and, when ``describe`` is given (``indicator id -> text``), the
    definition in words."""
    rows = []
    for ind in plan.indicators:
        text = describe(ind.id) if describe else None
        rows.append([ind.id, ind.label, ind.unit, KIND_WORDS[ind.kind], ind.table, text])
    return AnnexTable(
        caption=f"Định nghĩa các chỉ tiêu (kỳ {period.label})",
        columns=["Mã chỉ tiêu", "Chỉ tiêu", "Đơn vị", "Cách tính", "Bảng dữ liệu", "Định nghĩa"],
        rows=rows,
        decimals=[None] * 6,
        sheet="Định nghĩa",
    )
