"""The report's charts (drawn by :mod:`lkdata.report.charts`) as captioned figures, the SVG inline."""

from __future__ import annotations

import base64

import pandas as pd

from ..plan.catalogue import Plan
from ..plan.indicators import breakdown
from ..plan.periods import Period
from ..vn.fmt import fmt_date
from .facts import Parts, quantity
from .html import Block, Captions, capital, esc

__all__ = [
    "FigureBlock",
    "breakdown_chart",
    "certified_area_chart",
    "figure",
    "linked_area_chart",
    "monthly_activities_chart",
    "participants_chart",
]

Tables = dict[str, pd.DataFrame]


class FigureBlock(Block):
    """A numbered figure: the chart's SVG embedded as an image (its own ids, never mixed with another
    chart's), its caption below (and as its alternative text); :attr:`chart` keeps the drawing (a PNG at
    print resolution on request: ``block.chart.png()``)."""

    def __init__(self, chart, caption: str):
        data = base64.b64encode(chart.svg.encode("utf-8")).decode("ascii")
        super().__init__(
            f'<figure class="chart"><img src="data:image/svg+xml;base64,{data}" alt="{esc(caption)}">'
            f"<figcaption>{esc(caption)}</figcaption></figure>",
            caption,
        )
        self.chart = chart


def figure(chart, caption: str, captions: Captions) -> FigureBlock:
    """A numbered figure of ``chart`` (:class:`lkdata.report.charts.Chart`) captioned ``caption``."""
    return FigureBlock(chart, captions.figure(caption))


def _series_names(period: Period) -> tuple[str, str]:
    return (f"Đến {fmt_date(period.cutoff)}", f"Cùng kỳ năm {period.previous().year}")


def participants_chart(period: Period, parts: Parts, captions: Captions) -> Block:
    """Training participants by kind (the plan's ``participants_chart``: households, cooperatives,
    enterprises), against last year, with a bar ``Khác`` for the participants no kind explains, so that the
    bars add up to the total; when the kinds add up to more than the total, the caption says so."""
    from .charts import bar_chart

    labels = list(parts.labels)
    now_values = [f.value for f in parts.parts]
    before_values = [f.previous for f in parts.parts]
    if parts.rest > 0 or parts.rest_previous > 0:
        labels.append(Parts.OTHER)
        now_values.append(max(parts.rest, 0.0))
        before_values.append(max(parts.rest_previous, 0.0))
    now, before = _series_names(period)
    chart = bar_chart(labels, {now: now_values, before: before_values}, unit="lượt")
    caption = f"Lượt tham dự tập huấn theo đối tượng (tổng số {quantity(parts.whole.value, parts.whole.unit)})"
    if parts.rest < 0:
        caption += (f"; các đối tượng cộng lại nhiều hơn tổng số {quantity(-parts.rest, parts.whole.unit)}, cần kiểm "
                    "tra lại số liệu")  # fmt: skip
    return figure(chart, caption, captions)


def breakdown_chart(period: Period, tables: Tables, plan: Plan, captions: Captions, indicator: str, by: str,
                    caption: str, unit: str, decimals: int) -> Block:  # fmt: skip
    """An indicator of ``plan`` by ``by`` (the 10 largest groups), against last year; a line when nothing
    happened."""
    from .charts import bar_chart

    b = breakdown(indicator, period, tables, by=by, plan=plan)
    if b.empty or not (b["value"].sum() or b["previous"].sum()):
        return Block(f'<p class="chart-empty">{esc(caption)}: chưa phát sinh trong kỳ.</p>')
    top = b.head(10)
    now, before = _series_names(period)
    chart = bar_chart(
        [capital(x) for x in top[by]],
        {now: list(top["value"]), before: list(top["previous"])},
        unit=unit,
        decimals=decimals,
    )
    more = f" (10 nhóm lớn nhất trên {len(b)})" if len(b) > 10 else ""
    return figure(chart, caption + more, captions)


def certified_area_chart(period: Period, tables: Tables, plan: Plan, captions: Captions) -> Block:
    """Area under a valid certificate, by certification kind."""
    caption = "Diện tích có chứng nhận còn hiệu lực theo loại chứng nhận (ha)"
    return breakdown_chart(period, tables, plan, captions, "certified_area_ha", "gap_standard", caption, "ha", 1)


def linked_area_chart(period: Period, tables: Tables, plan: Plan, captions: Captions) -> Block:
    """Area in running linkages, by crop."""
    caption = "Diện tích liên kết theo sản phẩm (ha)"
    return breakdown_chart(period, tables, plan, captions, "linkage_area_ha", "crop", caption, "ha", 1)


def monthly_activities_chart(period: Period, tables: Tables, captions: Captions) -> Block:
    """Plan activities held each month of the year, against last year."""
    from .charts import monthly_chart

    acts = tables["activities"]
    previous = period.previous()
    counts = {}
    for p in (period, previous):  # each series named by the days it covers, not by a whole year it lacks
        label = f"Từ {fmt_date(p.start)} đến {fmt_date(p.cutoff)}"
        held = acts["held_on"]
        inside = held.between(pd.Timestamp(p.start), pd.Timestamp(p.cutoff))
        by_month = held[inside].dt.month.value_counts()
        counts[label] = [int(by_month.get(m, 0)) for m in range(1, 13)]
    chart = monthly_chart(range(1, 13), counts, unit="hoạt động")
    return figure(chart, f"Số hoạt động của kế hoạch theo tháng (đến ngày {fmt_date(period.cutoff)})", captions)
