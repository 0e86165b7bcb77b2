"""The plan's indicators for a reporting period, with last year's figure and this year's target.

The indicators are data (:mod:`lkdata.plan.catalogue`, from ``indicators.csv``): the table each
counts, which named selection (:mod:`lkdata.plan.selections`) says which rows count for a period,
and how they are aggregated. Stocks (cooperatives active, valid certificates, linkages running)
are taken as of the period's cut-off from the dated records; flows (events, new and dissolved
cooperatives, approvals) count what happened between the period's start and its cut-off. All of it
is vectorised, and the same declaration gives the breakdowns by khu phố or by crop.

A value nobody supplied is unknown, never a default: figures count and add up the known values
only, and each indicator says how many of its records are undecided because a value it depends on
is empty (``unknown``, with a Vietnamese note naming what is missing: ``chưa có thông tin tiêu chuẩn
chứng nhận của 12 hộ``). What a stock counts on an assumption (a household on the list with no
registration date, a farm area standing for a household's plots) the same note says too
(``2 hộ chưa có ngày đăng ký vẫn được tính là có trong danh sách``).

Last year's figure of an indicator that depends on an attribute without a date (a cooperative's
members, a household selling online, a growing-area code) reads that attribute as it was then, from
the history each clean keeps (:mod:`lkdata.plan.history`); where no snapshot reaches back that far
for a record that could count, last year's figure is unknown (``NaN``), never today's values applied
to last year's records.

Every function takes the ``plan`` to use, as its caller loaded it (``lkdata.io.reference.load_plan``:
the office's files where it put some, the package's otherwise).
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np
import pandas as pd

from ..clean.fields import record_noun, titles
from ..errors import UsageError
from ..vn.fmt import fmt_count, in_sentence, round_half_up
from .catalogue import Indicator, Plan
from .derived import DERIVED, derived_table
from .history import History, Unreached, as_of, reference_day
from .periods import Period
from .selections import prepared

__all__ = [
    "Indicator",
    "breakdown",
    "caveat_phrase",
    "estimate",
    "indicators",
    "note",
    "selected",
    "unknown_phrase",
    "year_ago_unreached",
]

Tables = dict[str, pd.DataFrame]


def selected(indicator: str, period: Period, tables: Tables, *, plan: Plan) -> np.ndarray:
    """Which rows of its table an indicator of ``plan`` counts for ``period`` (its selection, see
    :mod:`lkdata.plan.selections`), as a boolean array (``UsageError`` for an unknown id)."""
    return plan.indicator(indicator).mask(tables, period)


def year_ago_unreached(ind: Indicator, tables: Tables, period: Period, unreached: Unreached) -> np.ndarray:
    """The rows that could count for ``period`` (``tables`` as of then: see :func:`lkdata.plan.history.as_of`)
    but whose undated values no snapshot reaches: while there is one, the indicator is unknown then."""
    missing = np.zeros(len(tables[ind.table]), dtype=bool)
    for column in ind.undated:
        if (ind.table, column) in unreached:
            missing |= unreached[(ind.table, column)]
    if not missing.any():
        return missing
    return missing & ind.mask(tables, period, assume=True)


def indicators(period: Period, tables: Tables, *, targets: dict[str, float], plan: Plan,
               history: History | None = None) -> pd.DataFrame:  # fmt: skip
    """The whole indicator table for a period.

    Parameters
    ----------
    period : Period
        The reporting period.
    tables : dict of DataFrame
        The processed tables.
    targets : dict
        Indicator id -> this year's target (empty when the office set none).
    plan : Plan
        The plan whose indicators to compute.
    history : mapping, optional
        The history of the undated attributes (:func:`lkdata.io.history.read_history`); ``None``: no
        snapshot, so last year's figure of every indicator that depends on one is unknown.

    Returns
    -------
    DataFrame
        ``indicator, task, label, unit, kind, value, previous, change, change_pct, estimate, target,
        attainment_pct, unknown, unknown_note``; ``change_pct`` is empty when last year's figure was
        zero (there is no percentage of nothing). ``value`` reads today's data; ``previous`` reads the
        undated attributes from the snapshot in force on the :func:`~lkdata.plan.history.reference_day`
        of the same period a year earlier, and is empty (``NaN``: unknown, and so are ``change`` and
        ``change_pct``) when a record that could count has no snapshot then. ``estimate`` is the figure
        to the period's nominal end: when the cut-off comes first, an indicator estimated at ``pace``
        (events: trainings, broadcasts, fairs, their participants and cost) is extended at the pace of
        the days elapsed (whole numbers for counts), one ``held`` (stocks, and the flows of a register a
        stock counts: new chains, new or dissolved cooperatives, approved projects and their support)
        stays as it is at the cut-off (:attr:`Indicator.estimate`); otherwise it equals ``value``.
        ``value`` counts and adds up known values only; ``unknown`` is the number of records of the
        period that could count but whose value it depends on is empty (0 when none), and
        ``unknown_note`` says what is missing, and what was counted on an assumption, in Vietnamese
        (see :func:`note`; ``""`` when nothing is).
    """
    p = period
    prev = p.previous()
    tables = prepared(tables, {ind.table for ind in plan.indicators})
    before, unreached = as_of(tables, history, reference_day(prev))
    rows = []
    for ind in plan.indicators:
        counted = ind.mask(tables, p)
        value = ind.value(tables, p, counted=counted)
        previous = np.nan if year_ago_unreached(ind, before, prev, unreached).any() else ind.value(before, prev)
        missing = ind.unknown(tables, p, counted=counted)
        assumed = ind.caveats(tables, p, counted=counted)
        rows.append((ind.id, ind.task, ind.label, ind.unit, ind.kind, value, previous, sum(missing.values()),
                     note({(ind.table, c): n for c, n in missing.items()}, assumed)))  # fmt: skip
    columns = ["indicator", "task", "label", "unit", "kind", "value", "previous", "unknown", "unknown_note"]
    df = pd.DataFrame(rows, columns=columns)
    df["change"] = df["value"] - df["previous"]
    df["change_pct"] = np.where(
        df["previous"].fillna(0) != 0, df["change"] / df["previous"].where(df["previous"] != 0) * 100, np.nan
    )
    df["estimate"] = estimate(df["value"], pd.Series([ind.estimate for ind in plan.indicators]), df["unit"], p)
    df["target"] = df["indicator"].map(targets).astype(float)
    df["attainment_pct"] = df["value"] / df["target"] * 100
    return df[[c for c in df.columns if c not in ("unknown", "unknown_note")] + ["unknown", "unknown_note"]]


def unknown_phrase(counts: Mapping[tuple[str, str], int], *, two_digits: bool = False) -> str:
    """What is missing, as a report says it: ``chưa có thông tin tiêu chuẩn chứng nhận của 12 hộ``.

    Parameters
    ----------
    counts : mapping
        ``(table, column)`` -> number of the table's records whose value of the column is empty (as
        :meth:`Indicator.unknown` counts them); a column is named by its field's label, records by
        their table's noun (``hộ``, ``HTX/THT``, ``thửa``...).
    two_digits : bool
        Counts under ten with a leading zero (``07 HTX/THT``), as the ward profile may ask.

    Returns
    -------
    str
        ``chưa có thông tin <label> của <n> <noun>[, <label> của <n> <noun>...]`` (a label lacking from
        records of two tables once: ``tiêu chuẩn chứng nhận của 42 hộ và 35 thửa``); ``""`` when no count
        is above zero.
    """
    by_title: dict[str, list[str]] = {}  # one field lacking from records of two kinds is named once
    for (table, column), n in counts.items():
        if n > 0:
            by_title.setdefault(in_sentence(_title(table, column)), []).append(
                f"{fmt_count(n, two_digits=two_digits)} {_noun(table, column)}"
            )
    parts = [f"{title} của {' và '.join(records)}" for title, records in by_title.items()]
    return f"chưa có thông tin {', '.join(parts)}" if parts else ""


def _title(table: str, column: str) -> str:
    return DERIVED[table].title(column) if table in DERIVED else titles(table).get(column, column)


def _noun(table: str, column: str) -> str:
    if table in DERIVED:
        return DERIVED[table].nouns.get(column, DERIVED[table].noun)
    return record_noun(table)


def caveat_phrase(counts: Mapping[str, int], *, two_digits: bool = False) -> str:
    """What figures count on an assumption, as a report says it: ``2 hộ chưa có ngày đăng ký vẫn được tính là
    có trong danh sách`` (see :meth:`Indicator.caveats`: phrase with ``{n}`` -> number; ``02`` with
    ``two_digits``); ``""`` for none."""
    return "; ".join(phrase.format(n=fmt_count(n, two_digits=two_digits)) for phrase, n in counts.items() if n > 0)


def note(missing: Mapping[tuple[str, str], int], assumed: Mapping[str, int]) -> str:
    """An indicator's note: what is missing (:func:`unknown_phrase`), then what was counted on an assumption
    (:func:`caveat_phrase`), ``; `` between them; ``""`` when there is neither."""
    return "; ".join(x for x in (unknown_phrase(missing), caveat_phrase(assumed)) if x)


def _groups(column: pd.Series) -> np.ndarray:
    """A breakdown's group of each row: its value of the column, ``(không rõ)`` where it has none."""
    return column.astype("string").fillna("(không rõ)").to_numpy()


#: Units whose estimates keep decimals; every other unit counts things, estimated in whole numbers.
CONTINUOUS_UNITS = frozenset({"ha", "tấn", "đồng"})


def estimate(value: pd.Series, rule: pd.Series, unit: pd.Series, period: Period) -> pd.Series:
    """Figures to the nominal end of ``period`` from figures to its cut-off (see :func:`indicators`), each by its
    indicator's ``rule`` (:data:`lkdata.plan.catalogue.ESTIMATES`: ``pace`` or ``held``)."""
    if not period.is_partial:
        return value.astype(float)
    elapsed = (period.cutoff - period.start).days + 1
    whole = (period.end - period.start).days + 1
    pro_rata = value.astype(float) * whole / elapsed
    # whole numbers half up, the rounding of every document (lkdata.vn.fmt.round_half_up)
    whole_numbers = pro_rata.map(lambda x: x if x != x else float(round_half_up(x, 0)))
    pro_rata = pro_rata.where(unit.isin(CONTINUOUS_UNITS), whole_numbers)
    return pro_rata.where(rule.to_numpy() == "pace", value.astype(float))


def breakdown(indicator: str, period: Period, tables: Tables, by: str = "khu_pho", *, plan: Plan,
              history: History | None = None) -> pd.DataFrame:  # fmt: skip
    """An indicator of ``plan`` split by ``by`` (``khu_pho``, ``crop``, ``kind``, ``support_item`` ...).

    Returns ``by, value, previous, unknown`` with one row per group, largest first; rows without a
    value of ``by`` are grouped as ``(không rõ)``; ``unknown`` is the number of the group's records of
    this period whose value the indicator depends on is empty (see :meth:`Indicator.unknown_rows`).
    ``previous`` is last year's as :func:`indicators` computes it (``history``: the undated attributes'),
    empty (``NaN``) for a group with a record that could count and that no snapshot reaches.
    """
    ind = plan.indicator(indicator)
    p = period
    tables = prepared(tables, {ind.table})
    columns = derived_table(tables, ind.table).columns
    if by not in columns:
        raise UsageError(
            f"Chỉ tiêu '{indicator}' không chia được theo '{by}': bảng {ind.table} không có cột đó "
            f"(có: {', '.join(c for c in columns if not c.startswith('source_'))})"
        )
    prev = p.previous()
    before, unreached = as_of(tables, history, reference_day(prev))
    out = {}
    for name, per, t in (("value", p, tables), ("previous", prev, before)):
        df = ind.frame(t, per, extra=(by,))
        out[name] = (
            df.groupby(_groups(df[by])).apply(ind.aggregate, include_groups=False)
            if len(df)
            else pd.Series(dtype=float)
        )
    rows = derived_table(tables, ind.table).loc[ind.unknown_rows(tables, p), [by]]
    out["unknown"] = rows.groupby(_groups(rows[by])).size()
    lost = derived_table(before, ind.table).loc[year_ago_unreached(ind, before, prev, unreached), [by]]
    lost_groups = pd.Index(pd.unique(_groups(lost[by])))
    result = pd.DataFrame(out)
    # a group with no rows selected in a period has 0 there (a count or sum of nothing), not unknown
    result = result.reindex(result.index.union(lost_groups)).fillna(0.0).astype({"unknown": int})
    result.loc[result.index.isin(lost_groups), "previous"] = np.nan
    result = result.rename_axis(by).reset_index()
    return result.sort_values(["value", by], ascending=[False, True], ignore_index=True)
