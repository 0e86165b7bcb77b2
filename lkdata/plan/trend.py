"""An indicator over the periods the data covers: ``2024-H1``, ``2024-H2`` ... up to a report's period, or
``2024``, ``2025``, ``2026`` for an annual one.

Each period's figure is computed as :func:`lkdata.plan.indicators.indicators` computes it: the last period
(the report's own, to its cut-off) from today's data, exactly its ``value``; an earlier one, whole (to its
end), from the data as it was on its
:func:`~lkdata.plan.history.reference_day` (the undated attributes from the history snapshot then in force,
exactly as the ``previous`` of the period a year later), unknown (``NaN``) where no snapshot reaches back
that far, never today's values applied to past records. Pure: tables in, a table out.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from .catalogue import Plan
from .history import History, as_of, reference_day
from .indicators import year_ago_unreached
from .periods import Period, parse_period
from .selections import prepared

__all__ = ["first_year", "series", "trend"]

Tables = dict[str, pd.DataFrame]


def first_year(tables: Tables, plan: Plan, until: Period, ward: dict) -> int:
    """The first year the data covers: the first year in which every table that flow indicators of ``plan``
    count (activities held, linkages approved, cooperatives founded ...) has something they count, so that
    no figure of the series reads a year that one of the datasets does not reach yet (a cooperative
    founded in 2013 does not make 2013 a year of the plan's records); ``until``'s year when none does."""
    tables = prepared(tables, {ind.table for ind in plan.indicators})
    flows: dict[str, list] = {}
    for ind in plan.indicators:
        if ind.kind == "flow" and ind.table in tables:
            flows.setdefault(ind.table, []).append(ind)
    years = [
        int(df[c].dropna().dt.year.min())
        for df in (tables[t] for t in flows)
        for c in df.columns
        if pd.api.types.is_datetime64_any_dtype(df[c]) and df[c].notna().any()
    ]
    first: dict[str, int] = {}
    for year in range(max(min(years, default=until.year), until.year - 30), until.year):
        whole = parse_period(str(year), ward)
        for table, inds in flows.items():
            if table not in first and any(ind.mask(tables, whole).any() for ind in inds):
                first[table] = year
        if len(first) == len(flows):
            return max(first.values())
    return until.year


def series(until: Period, ward: dict, since: int) -> list[Period]:
    """The periods of ``until``'s kind from year ``since`` up to ``until`` (itself last, with its cut-off):
    years for a year; half-years (H1 and H2) for a half-year; ``[until]`` for an ad-hoc range. Each earlier
    period is whole, cut off at its end (its data is complete now: the records after its report's early
    cut-off count too, else a half-year series would drop May and June, a year series December)."""
    if until.kind == "year":
        keys = [str(y) for y in range(since, until.year)]
    elif until.kind in ("H1", "H2"):
        halves = [f"{y}-H{h}" for y in range(since, until.year + 1) for h in (1, 2)]
        keys = halves[: halves.index(until.key)]
    else:
        keys = []
    earlier = [parse_period(k, ward) for k in keys]
    return [*(parse_period(p.key, ward, cutoff=p.end) for p in earlier), until]


def trend(until: Period, tables: Tables, *, plan: Plan, ward: dict, history: History | None,
          indicators: list[str] | None = None, since: int | None = None) -> pd.DataFrame:  # fmt: skip
    """Indicators of ``plan`` (all, or ``indicators``) over :func:`series` (from :func:`first_year` unless
    ``since`` is given).

    Returns
    -------
    DataFrame
        ``indicator, label, unit, period, period_label, cutoff, value``: one row per indicator and
        period, in the plan's (or ``indicators``') order, periods oldest first. ``value`` of ``until`` is
        :func:`~lkdata.plan.indicators.indicators`' ``value``; of an earlier period, the figure as the
        data stood on that period's reference day (``NaN`` where an undated value no snapshot reaches
        could count).
    """
    chosen = [plan.indicator(i) for i in indicators] if indicators else list(plan.indicators)
    tables = prepared(tables, {ind.table for ind in chosen})
    start = first_year(tables, plan, until, ward) if since is None else since
    rows = []
    for p in series(until, ward, start):
        if p is until:
            before, unreached = tables, {}
        else:
            before, unreached = as_of(tables, history, reference_day(p))
        for ind in chosen:
            unknown = bool(unreached) and year_ago_unreached(ind, before, p, unreached).any()
            value = np.nan if unknown else ind.value(before, p)
            rows.append((ind.id, ind.label, ind.unit, p.key, p.label, p.cutoff, value))
    out = pd.DataFrame(rows, columns=["indicator", "label", "unit", "period", "period_label", "cutoff", "value"])
    order = {ind.id: i for i, ind in enumerate(chosen)}
    return out.sort_values("indicator", key=lambda s: s.map(order), kind="stable", ignore_index=True)
