"""Multi-year trends in a document: the plan's indicators over the periods the data covers
(:func:`lkdata.plan.trend.trend`), as a captioned table and chart in the report's style."""

from __future__ import annotations

import pandas as pd

from ..plan.catalogue import Plan
from ..plan.history import History
from ..plan.periods import Period
from ..plan.trend import trend
from ..vn.fmt import fmt_date
from .figures import figure
from .html import Block, Captions, capital, esc, previous_cell, table_html

__all__ = ["TrendViews", "headings", "period_heading", "trend_block", "trend_drawing", "trend_figure"]


def period_heading(key: str, label: str, cutoff: pd.Timestamp, last: bool) -> str:
    """A period as a trend's column or bar names it: ``Năm 2025``, ``6 tháng đầu năm 2024``; the report's own
    period with its cut-off (``Năm 2026 (đến 10/11/2026)``), whose figures stop there."""
    text = capital(label)
    return f"{text} (đến {fmt_date(pd.Timestamp(cutoff).date())})" if last else text


def headings(t: pd.DataFrame) -> dict[str, str]:
    """Each period of a trend (its key) -> its heading (:func:`period_heading`), oldest first."""
    periods = list(dict.fromkeys(zip(t["period"], t["period_label"], t["cutoff"], strict=True)))
    return {k: period_heading(k, label, cut, i == len(periods) - 1) for i, (k, label, cut) in enumerate(periods)}


def trend_block(t: pd.DataFrame, captions: Captions) -> Block:
    """A trend as a report table: one row per indicator, one column per period; ``chưa có số liệu`` where no
    snapshot reaches a past period's undated values; money in millions."""
    heads = headings(t)
    body = []
    for i, (_, rows) in enumerate(t.groupby("indicator", sort=False), 1):
        first = rows.iloc[0]
        unit = "triệu đồng" if first["unit"] == "đồng" else first["unit"]
        values = dict(zip(rows["period"], rows["value"], strict=True))
        body.append([str(i), esc(first["label"]), esc(unit),
                     *(previous_cell(values.get(k, float("nan")), first["unit"]) for k in heads)])  # fmt: skip
    years = sorted({int(str(k)[:4]) for k in heads})
    span = f"{years[0]}-{years[-1]}" if len(years) > 1 else str(years[0])
    caption = captions.table(f"Một số chỉ tiêu chủ yếu qua các năm {span}")
    return table_html(caption, ["TT", "Chỉ tiêu", "Đơn vị", *heads.values()], body, text_columns=3, kind="indicators")


def _trend_args(t: pd.DataFrame, title: str = "") -> tuple[list[str], dict, dict]:
    """The categories, series and drawing arguments of one indicator's trend."""
    from ..plan.indicators import CONTINUOUS_UNITS

    unit = str(t["unit"].iloc[0])
    heads = headings(t)
    values = [v / 1e6 if unit == "đồng" else v for v in t["value"]]
    shown = "triệu đồng" if unit == "đồng" else unit
    return (
        list(heads.values()),
        {capital(str(t["label"].iloc[0])): values},
        {"unit": shown, "title": title, "integer": unit not in CONTINUOUS_UNITS},
    )


def trend_drawing(t: pd.DataFrame, *, title: str = ""):
    """One indicator's trend as columns, one per period (whole numbers on the axis of a count): a
    :class:`~lkdata.report.charts.Chart`."""
    from .charts import column_chart

    categories, series, args = _trend_args(t, title)
    return column_chart(categories, series, **args)


def trend_figure(t: pd.DataFrame, captions: Captions) -> Block:
    """One indicator's trend as a numbered chart of the report."""
    unit = str(t["unit"].iloc[0])
    label = str(t["label"].iloc[0])
    shown = "triệu đồng" if unit == "đồng" else unit
    from .figures import chart_model

    categories, series, args = _trend_args(t)
    model = chart_model("column", "categories", categories, series, **args)
    return figure(trend_drawing(t), f"{label} qua các năm ({shown})", captions, model)


class TrendViews:
    """The trend views of a report document (mixed into :class:`~lkdata.report.document.ReportDocument`,
    whose period, tables, plan, ward profile, history and captions they read)."""

    period: Period
    tables: dict[str, pd.DataFrame]
    plan_data: Plan
    ward: dict
    history: History | None
    captions: Captions

    def _trend(self, indicators: list[str]) -> pd.DataFrame:
        return trend(self.period, self.tables, plan=self.plan_data, ward=self.ward, history=self.history,
                     indicators=indicators)  # fmt: skip

    def trend_table(self, table: str = "year") -> Block:
        """The indicators of a report table of the plan (``year``: the whole-year view's) over the periods
        the data covers, up to this one (years for an annual report)."""
        return trend_block(self._trend([c.indicator for c in self.plan_data.report_table(table)]), self.captions)

    def trend_chart(self, indicator: str) -> Block:
        """One indicator over the periods the data covers, up to this one."""
        return trend_figure(self._trend([indicator]), self.captions)
