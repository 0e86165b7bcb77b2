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
    "chart_model",
    "figure",
    "linked_area_chart",
    "monthly_activities_chart",
    "participants_chart",
]

Tables = dict[str, pd.DataFrame]


class FigureBlock(Block):
    """A numbered figure: the chart's SVG embedded as an image (its own ids, never mixed with another
    chart's), its caption below (and as its alternative text); :attr:`chart` keeps the drawing (a PNG at
    print resolution on request: ``block.chart.png()``). Its model holds the caption and the chart's data
    (what :func:`lkdata.report.charts.draw` draws again for the Word copy)."""

    def __init__(self, chart, caption: str, model: dict | None = None):
        data = base64.b64encode(chart.svg.encode("utf-8")).decode("ascii")
        super().__init__(
            f'<figure class="chart"><img src="data:image/svg+xml;base64,{data}" alt="{esc(caption)}">'
            f"<figcaption>{esc(caption)}</figcaption></figure>",
            caption,
            {"kind": "figure", "caption": caption, "chart": model},
        )
        self.chart = chart


def figure(chart, caption: str, captions: Captions, model: dict | None = None) -> FigureBlock:
    """A numbered figure of ``chart`` (:class:`lkdata.report.charts.Chart`) captioned ``caption``; ``model``
    is the chart's data for the Word copy (:func:`chart_model`)."""
    return FigureBlock(chart, captions.figure(caption), model)


def chart_model(kind: str, labels_key: str, labels, series: dict, **args) -> dict:
    """A chart's model: its type, labels, series (plain floats) and the other arguments of its drawing."""
    # the series as pairs (a JSON object's keys may come back sorted); an unknown value is null (JSON has no NaN)
    pairs = [[str(k), [None if v != v else float(v) for v in vs]] for k, vs in series.items()]
    return {"type": kind, labels_key: [x if isinstance(x, str) else int(x) for x in labels], "series": pairs, **args}


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
    model = chart_model("bar", "categories", labels, {now: now_values, before: before_values}, unit="lượt")
    chart = bar_chart(labels, {now: now_values, before: before_values}, unit="lượt")
    caption = f"Lượt tham dự tập huấn theo đối tượng (tổng số {quantity(parts.whole.value, parts.whole.unit)})"
    if parts.rest < 0:
        caption += (f"; các đối tượng cộng lại nhiều hơn tổng số {quantity(-parts.rest, parts.whole.unit)}, cần kiểm "
                    "tra lại số liệu")  # fmt: skip
    return figure(chart, caption, captions, model)


def breakdown_chart(period: Period, tables: Tables, plan: Plan, captions: Captions, indicator: str, by: str,
                    caption: str, unit: str, decimals: int) -> Block:  # fmt: skip
    """An indicator of ``plan`` by ``by`` (the 10 largest groups), against last year; a line when nothing
    happened. A group with no figure in either series (``(không rõ)``, the records whose value is unknown, when
    none of them counts) is not drawn: a bar of 0 beside 0 says nothing."""
    from .charts import bar_chart

    b = breakdown(indicator, period, tables, by=by, plan=plan)
    b = b[(b["value"].fillna(0) != 0) | (b["previous"].fillna(0) != 0)]
    if b.empty or not (b["value"].sum() or b["previous"].sum()):
        text = f"{caption}: chưa phát sinh trong kỳ."
        return Block(f'<p class="chart-empty">{esc(text)}</p>', text, {"kind": "text", "text": text, "italic": True})
    top = b.head(10)
    now, before = _series_names(period)
    categories, series = [capital(x) for x in top[by]], {now: list(top["value"]), before: list(top["previous"])}
    model = chart_model("bar", "categories", categories, series, unit=unit, decimals=decimals)
    chart = bar_chart(categories, series, unit=unit, decimals=decimals)
    more = f" (10 nhóm lớn nhất trên {len(b)})" if len(b) > 10 else ""
    return figure(chart, caption + more, captions, model)


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
    model = chart_model("monthly", "months", range(1, 13), counts, unit="hoạt động")
    # the plan of the year may be issued after January: its year's activities, not "the plan's"
    caption = (
        f"Số hoạt động thực hiện nhiệm vụ năm {period.cutoff.year} theo tháng (đến ngày {fmt_date(period.cutoff)})"
    )
    return figure(chart, caption, captions, model)
