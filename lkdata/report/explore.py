"""Tables and charts for the analyst's own questions (the exploration notebook), presentable as they are.

Each table is a pandas ``Styler`` whose data keeps the figures (for more work) under Vietnamese headers,
and whose display writes them the Vietnamese way: headers from the field registry with their unit
(``Diện tích (ha)``, ``Giá trị hợp đồng (triệu đồng)``), numbers as every document writes them
(:func:`lkdata.vn.fmt.fmt_figure`: ``1.234,5``), dates day first (``02/4/2026``), yes/no as ``Có``/``Không``,
khu phố in the catalogue's order (1, 2 ... 10, 11), a ``Cộng`` row where the figures add up, an empty value
as ``-`` (never ``NaN``, ``NaT`` or ``<NA>``) and no index. Charts are PNG (matplotlib's object API) with
Vietnamese titles and legends, whole numbers on the axis of a count. Pure: DataFrames in, display out.
"""

from __future__ import annotations

import base64
import math
from collections.abc import Callable, Sequence
from numbers import Real

import pandas as pd

from ..clean.fields import fields, titles
from ..clean.schemas import MODELS
from ..config import DATASET_LABELS
from ..plan.catalogue import Indicator
from ..plan.derived import DERIVED
from ..plan.periods import Period
from ..vn.fmt import fmt_date, fmt_figure, fmt_number
from .html import NO_PREVIOUS, NO_TARGET, Block, capital, esc

__all__ = ["EMPTY", "TOTAL", "breakdown_table", "chart", "column_title", "crosstab", "figure_html", "indicator_table",
           "record_counts", "styled", "trend_table"]  # fmt: skip

#: What a table shows for a value nobody supplied, and the label of its totals row and column.
EMPTY, TOTAL = "-", "Cộng"
#: Where a breakdown or a cross-table groups the records without a value (``(không rõ)`` in lkdata.plan).
UNKNOWN_GROUP = "(không rõ)"
#: Headers of the columns lkdata's own tables add (the registry titles the input fields).
GENERIC = {"value": "Giá trị", "previous": "Cùng kỳ", "unknown": "Số bản ghi chưa rõ thông tin", "label": "Chỉ tiêu",
           "unit": "Đơn vị", "task": "Nhiệm vụ", "count": "Số bản ghi", "n": "Số bản ghi", "year": "Năm"}  # fmt: skip
#: Numbers that do not add up in a totals row (a year, stars, a yield, a row number, a percentage).
NOT_ADDITIVE = frozenset({"ocop_stars", "ocop_year", "year", "yield_t_per_ha", "source_row", "attainment_pct",
                          "change_pct"})  # fmt: skip
#: Field kinds whose values are catalogue names, written with a capital in a table (``Sầu riêng``).
NAMES = frozenset({"crop", "cert", "coop_kind", "activity_kind"})


def _missing(v: object) -> bool:
    return v is None or v is pd.NA or v is pd.NaT or (isinstance(v, float) and math.isnan(v))


def _home(dataset: str | None, column: str) -> str | None:
    """The processed table that declares a column: ``dataset``, or a derived table's source of it."""
    if dataset in DERIVED:
        return next((t for t, cols in DERIVED[dataset].sources.items() if column in cols), None)
    return dataset if dataset in MODELS else None


def _unit(dataset: str | None, column: str) -> str | None:
    """The unit a column's header names: ``ha`` for an area, ``triệu đồng`` for money, the field's own."""
    dataset = _home(dataset, column)
    for f in fields(dataset) if dataset else ():
        if f.column == column:
            return {"area": "ha", "money": "triệu đồng"}.get(f.kind, f.unit if f.unit != "năm" else None)
    return "triệu đồng" if column.endswith("_vnd") else "ha" if column.endswith("_ha") else None


def column_title(dataset: str | None, column: object) -> str:
    """A column's Vietnamese header: its title in the field registry with its unit (``Diện tích (ha)``),
    lkdata's generic names (``value`` -> ``Giá trị``); any other name as it is."""
    name = str(column)
    home = _home(dataset, name)
    title = (titles(home).get(name) if home else None) or GENERIC.get(name)
    if title is None:
        return name
    unit = _unit(dataset, name)
    return f"{title} ({unit})" if unit else title


def _kind(dataset: str | None, column: str) -> str:
    dataset = _home(dataset, column)
    return next((f.kind for f in (fields(dataset) if dataset else ()) if f.column == column), "")


def _year(dataset: str | None, column: str) -> bool:
    """Whether a column holds years (written ``2019``, never ``2.019``)."""
    home = _home(dataset, column)
    return column == "year" or any(f.column == column and f.unit == "năm" for f in (fields(home) if home else ()))


def _formatter(series: pd.Series, *, money: bool, names: bool, year: bool = False) -> Callable[[object], str]:
    """How one column's cells are written (``""`` stays blank: a totals row's cell that adds nothing up)."""
    dtype = series.dtype
    if year:
        show = lambda v: str(int(v)) if isinstance(v, Real) else str(v)  # noqa: E731
    elif pd.api.types.is_bool_dtype(dtype):
        show = lambda v: "Có" if v else "Không"  # noqa: E731
    elif pd.api.types.is_datetime64_any_dtype(dtype):
        show = lambda v: fmt_date(pd.Timestamp(v).date())  # noqa: E731
    elif pd.api.types.is_integer_dtype(dtype) and not money:
        show = lambda v: fmt_number(v, 0)  # noqa: E731
    elif pd.api.types.is_numeric_dtype(dtype) or money:
        show = lambda v: fmt_figure(float(v) / 1e6 if money else float(v)) if isinstance(v, Real) else str(v)  # noqa: E731
    else:
        show = lambda v: capital(v) if names else str(v)  # noqa: E731

    def cell(v: object) -> str:
        if isinstance(v, str) and v == "":
            return ""
        return EMPTY if _missing(v) else esc(show(v))

    return cell


def _numeric(series: pd.Series) -> bool:
    return pd.api.types.is_numeric_dtype(series.dtype) and not pd.api.types.is_bool_dtype(series.dtype)


def _natural(df: pd.DataFrame, column: str, order: Sequence[str]) -> pd.DataFrame:
    """``df`` with its rows in the catalogue's order of ``column`` (khu phố 1, 2 ... 10), others after, by name,
    and the records without one last."""
    rank = {name: i for i, name in enumerate(order)}
    key = df[column].map(lambda v: (2, "") if _missing(v) or v == UNKNOWN_GROUP else (0, rank[v]) if v in rank
                         else (1, str(v)))  # fmt: skip
    return df.iloc[sorted(range(len(df)), key=lambda i: key.iloc[i])].reset_index(drop=True)


def styled(df: pd.DataFrame, dataset: str | None = None, *, khu_pho_names: Sequence[str] = (),
           totals: bool | Sequence[str] = False, caption: str | None = None,
           titles_: dict[str, str] | None = None) -> pd.io.formats.style.Styler:  # fmt: skip
    """Any table of lkdata's columns, presentable as it is (see the module's docstring).

    Parameters
    ----------
    df : DataFrame
        A processed table, part of one, or a table made from one (a named or grouped index becomes columns).
    dataset : str, optional
        The processed table its columns come from (their titles, units and kinds).
    khu_pho_names : sequence of str
        The catalogue's khu phố in order: a table whose first column is ``khu_pho`` is sorted by it.
    totals : bool or sequence of str
        A ``Cộng`` row adding up the numeric columns (``True``: those that add up) or the ones named.
    caption : str, optional
        A caption above the table.
    titles_ : dict, optional
        Headers for columns the registry does not title (``{"nam": "Năm cấp"}``).
    """
    data = df.copy()
    named = any(n is not None for n in data.index.names)  # a grouped table's index holds its row labels
    data = data.reset_index(drop=not named)
    data.columns = [" - ".join(map(str, c)) if isinstance(c, tuple) else str(c) for c in data.columns]
    if khu_pho_names and len(data.columns) and data.columns[0] == "khu_pho":  # a table by khu phố: in its order
        data = _natural(data, "khu_pho", khu_pho_names)
    money = {c for c in data.columns if _unit(dataset, c) == "triệu đồng" and _numeric(data[c])}
    names = {c for c in data.columns if _kind(dataset, c) in NAMES}
    formats = {c: _formatter(data[c], money=c in money, names=c in names, year=_year(dataset, c)) for c in data.columns}
    if totals:
        wanted = [c for c in data.columns if _numeric(data[c]) and c not in NOT_ADDITIVE and not c.endswith("_id")]
        add_up(data, wanted if totals is True else list(totals))
    header = {c: (titles_ or {}).get(c) or column_title(dataset, c) for c in data.columns}
    return _style(data, {header[c]: f for c, f in formats.items()}, header, caption, totals=bool(totals))


def add_up(data: pd.DataFrame, columns: list[str]) -> None:
    """Append a ``Cộng`` row to ``data`` in place: the sum of ``columns``, the label in the first other
    column, the rest blank."""
    row: dict[str, object] = {c: "" for c in data.columns}
    label = next((c for c in data.columns if c not in columns), None)
    for c in columns:
        row[c] = data[c].sum(min_count=1)
    if label is not None:
        row[label] = TOTAL
    for c in data.columns:
        if c not in columns:
            data[c] = data[c].astype(object)
    data.loc[len(data)] = [row[c] for c in data.columns]


def _style(data: pd.DataFrame, formats: dict[str, Callable], header: dict[str, str], caption: str | None,
           *, totals: bool) -> pd.io.formats.style.Styler:  # fmt: skip
    shown = data.rename(columns=header)

    def figures(column: pd.Series) -> bool:  # numbers, empty values, and a totals row's blank
        return _numeric(column) or (
            column.map(lambda v: isinstance(v, Real) or _missing(v) or v == "").all()
            and column.map(lambda v: isinstance(v, Real)).any()
        )

    numeric = [header[c] for c in data.columns if figures(data[c])]
    styler = shown.style.format(formats).hide(axis="index")  # each formatter writes an empty value itself
    styler = styler.format_index(escape="html", axis=1)  # a header is text, never markup
    styler = styler.set_properties(subset=numeric, **{"text-align": "right"}) if numeric else styler
    text = [c for c in shown.columns if c not in numeric]
    styler = styler.set_properties(subset=text, **{"text-align": "left"}) if text else styler
    styler = styler.set_table_styles([{"selector": "th", "props": "text-align: center; vertical-align: bottom"}])
    if totals and len(shown):
        last = shown.index[-1]
        styler = styler.apply(lambda r: ["font-weight: bold" if r.name == last else "" for _ in r], axis=1)
    return styler.set_caption(esc(caption)) if caption else styler


def _shown_unit(unit: str) -> str:
    return "triệu đồng" if unit == "đồng" else unit


def _in_unit(value: float, unit: str) -> float:
    return value / 1e6 if unit == "đồng" and not _missing(value) else value


def indicator_table(table: pd.DataFrame, period: Period) -> pd.io.formats.style.Styler:
    """The indicator table of a period (:func:`lkdata.plan.indicators.indicators`) as the report's tables
    show it: task, indicator, unit, the figure to the cut-off, the estimate (a partial period), last year,
    the year's target and how far it is reached; money in millions, ``chưa có số liệu``, ``chưa giao``."""
    t = table

    def shown(column: str) -> list[float]:
        return [_in_unit(v, u) for v, u in zip(t[column], t["unit"], strict=True)]

    cols = {"Nhiệm vụ": t["task"], "Chỉ tiêu": t["label"], "Đơn vị": t["unit"].map(_shown_unit),
            f"Đến {fmt_date(period.cutoff)}": shown("value")}  # fmt: skip
    if period.is_partial:
        cols[f"Ước đến {fmt_date(period.end)}"] = shown("estimate")
    cols[f"Cùng kỳ {period.previous().year}"] = shown("previous")
    cols[f"Chỉ tiêu năm {period.year}"] = shown("target")
    cols["Đạt (%)"] = t["attainment_pct"]
    data = pd.DataFrame(cols).astype({k: float for k in list(cols)[3:]})
    figure = _formatter(pd.Series([0.0]), money=False, names=False)
    formats: dict[str, Callable] = {c: _formatter(data[c], money=False, names=False) for c in list(cols)[:3]}
    formats.update({c: figure for c in list(cols)[3:-3]})
    formats[f"Cùng kỳ {period.previous().year}"] = lambda v: NO_PREVIOUS if _missing(v) else figure(v)
    formats[f"Chỉ tiêu năm {period.year}"] = lambda v: NO_TARGET if _missing(v) else figure(v)
    formats["Đạt (%)"] = lambda v: EMPTY if _missing(v) else fmt_number(v, 1)
    return _style(data, formats, {c: c for c in data.columns}, None, totals=False)


def breakdown_table(b: pd.DataFrame, indicator: Indicator, period: Period, by: str, *,
                    khu_pho_names: Sequence[str] = ()) -> pd.io.formats.style.Styler:  # fmt: skip
    """A breakdown (:func:`lkdata.plan.indicators.breakdown`) under Vietnamese headers: the group (khu phố in
    the catalogue's order), the figure to the cut-off and last year's in the indicator's unit, the records
    whose value is unknown; a ``Cộng`` row when the groups add up (not for a count of distinct names)."""
    unit = _shown_unit(indicator.unit)
    data = b.copy()
    if by == "khu_pho" and khu_pho_names:
        data = _natural(data, by, khu_pho_names)
    for c in ("value", "previous"):
        data[c] = [_in_unit(v, indicator.unit) for v in data[c]]
    group_title = column_title(indicator.table, by)
    header = {by: group_title, "value": f"Đến {fmt_date(period.cutoff)} ({unit})",
              "previous": f"Cùng kỳ {period.previous().year} ({unit})", "unknown": GENERIC["unknown"]}  # fmt: skip
    formats = {c: _formatter(data[c], money=False, names=_kind(indicator.table, by) in NAMES) for c in data.columns}
    additive = not indicator.aggregation.startswith("nunique")
    if additive:
        add_up(data, ["value", "previous", "unknown"])
    return _style(data, {header[c]: f for c, f in formats.items()}, header, None, totals=additive)


def crosstab(df: pd.DataFrame, index: str, columns: str, values: str | None = None, *, dataset: str | None = None,
             khu_pho_names: Sequence[str] = (), top: int | None = None, caption: str | None = None,
             ) -> pd.io.formats.style.Styler:  # fmt: skip
    """Records counted (or ``values`` added up) by ``index`` (rows) and ``columns``: a date column as ``index``
    groups by year (``Năm cấp chứng nhận``); khu phố in the catalogue's order; the ``top`` columns with the
    largest totals, the others added up as ``Khác``; a ``Cộng`` row and column. A cell without any record
    shows ``-``."""
    data = df[[c for c in dict.fromkeys([index, columns, values]) if c]].copy()
    row_title = column_title(dataset, index)
    if pd.api.types.is_datetime64_any_dtype(data[index].dtype):
        data[index] = data[index].dt.year.astype("Int64")
        row_title = "Năm" + row_title.removeprefix("Ngày")
    for c in (index, columns):  # the records without a value are a group of their own, shown last
        data[c] = data[c].astype("string").fillna(UNKNOWN_GROUP)
    if _kind(dataset, columns) in NAMES:
        data[columns] = data[columns].map(capital)
    grouped = data.groupby([index, columns])
    cells = (grouped[values].sum(min_count=1) if values else grouped.size()).unstack(columns)
    unknown = cells.pop(UNKNOWN_GROUP) if UNKNOWN_GROUP in cells.columns else None  # shown last, never "Khác"
    cells = cells[cells.sum().sort_values(ascending=False, kind="stable").index]
    if top is not None and cells.shape[1] > top:
        cells = pd.concat([cells.iloc[:, :top], cells.iloc[:, top:].sum(axis=1, min_count=1).rename("Khác")], axis=1)
    if unknown is not None:
        cells[UNKNOWN_GROUP] = unknown
    money = values is not None and _unit(dataset, values) == "triệu đồng"
    cells[TOTAL] = cells.sum(axis=1, min_count=1)
    table = _natural(cells.reset_index().rename(columns={index: "__rows"}), "__rows",
                     khu_pho_names if index == "khu_pho" else sorted(set(data[index]) - {UNKNOWN_GROUP}))  # fmt: skip
    figures = [c for c in table.columns if c != "__rows"]
    formats = {c: _formatter(table[c], money=money, names=False) for c in table.columns}
    add_up(table, figures)
    header = {c: row_title if c == "__rows" else str(c) for c in table.columns}
    return _style(table, {header[c]: f for c, f in formats.items()}, header, caption, totals=True)


#: The processed tables as an analyst names them.
DATASET_TITLES = DATASET_LABELS  # one name per dataset for analysts, the one the CLI and the quality report use


def record_counts(tables: dict[str, pd.DataFrame]) -> pd.io.formats.style.Styler:
    """How many records each processed table holds (``Hộ, cơ sở sản xuất: 298 hộ``), with a ``Cộng`` row."""
    from ..clean.fields import record_noun

    data = pd.DataFrame({"Bảng dữ liệu": [DATASET_TITLES.get(n, n) for n in tables],
                         "Số bản ghi": [len(df) for df in tables.values()],
                         "Một bản ghi là": [record_noun(n) if n in DATASET_TITLES else EMPTY
                                            for n in tables]})  # fmt: skip
    return styled(data, totals=["Số bản ghi"])


def trend_table(trend: pd.DataFrame) -> pd.io.formats.style.Styler:
    """A trend (:func:`lkdata.plan.trend.trend`) with one row per indicator and one column per period
    (``6 tháng đầu năm 2024`` ... ``Năm 2026``); money in millions; ``chưa có số liệu`` where a figure is
    unknown."""
    wide = _trend_wide(trend)
    figure = _formatter(pd.Series([0.0]), money=False, names=False)
    formats: dict[str, Callable] = {"Chỉ tiêu": esc, "Đơn vị": esc}
    formats.update({c: (lambda v: NO_PREVIOUS if _missing(v) else figure(v)) for c in wide.columns[2:]})
    return _style(wide, formats, {c: c for c in wide.columns}, None, totals=False)


def _trend_wide(trend: pd.DataFrame) -> pd.DataFrame:
    """Indicators as rows, periods as columns headed as the report heads them (``6 tháng đầu năm 2024`` ...
    ``6 tháng đầu năm 2026 (đến 05/5/2026)``), values in the shown unit."""
    from .trend import headings

    heads = headings(trend)
    out: dict[str, list] = {"Chỉ tiêu": [], "Đơn vị": []} | {h: [] for h in heads.values()}
    for _, rows in trend.groupby("indicator", sort=False):
        first = rows.iloc[0]
        out["Chỉ tiêu"].append(first["label"])
        out["Đơn vị"].append(_shown_unit(first["unit"]))
        by_period = dict(zip(rows["period"], rows["value"], strict=True))
        for key, head in heads.items():
            out[head].append(_in_unit(by_period.get(key, float("nan")), first["unit"]))
    return pd.DataFrame(out).astype(dict.fromkeys(heads.values(), float))


# --- charts ------------------------------------------------------------------------------------------


def chart(table: pd.DataFrame | pd.io.formats.style.Styler, *, title: str, unit: str = "", count: bool = False,
          legend: str | None = None) -> Block:  # fmt: skip
    """A chart of a table made here (or any table whose first column names the categories): one bar group per
    row, one bar per figure column, the ``Cộng`` row and column left out; Vietnamese title, legend (titled
    ``legend``) and axis label ``unit``; whole numbers on the axis when the figures are counts (``count``)."""
    from .charts import column_chart

    data = table.data if isinstance(table, pd.io.formats.style.Styler) else table
    first = data.columns[0]
    data = data[data[first].astype(str) != TOTAL]
    numeric = [c for c in data.columns[1:] if c != TOTAL and data[c].map(lambda v: isinstance(v, Real)
                                                                          or _missing(v)).all()]  # fmt: skip
    # an unknown figure draws no bar (never a bar of 0)
    series = {str(c): [float("nan") if _missing(v) else float(v) for v in data[c]] for c in numeric}
    drawn = column_chart([capital(v) for v in data[first]], series, unit=unit, title=title, integer=count,
                         legend=legend)  # fmt: skip
    return Block(figure_html(drawn, title), title)


def figure_html(chart, title: str) -> str:
    """A chart (:class:`lkdata.report.charts.Chart`) inline in a ``<figure>`` as SVG (its title as the
    alternative text)."""
    data = base64.b64encode(chart.svg.encode("utf-8")).decode("ascii")
    return f'<figure class="chart"><img src="data:image/svg+xml;base64,{data}" alt="{esc(title)}"></figure>'
