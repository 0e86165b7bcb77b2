"""The named row selections: the one definition of each rule the plan counts by.

"Held in the period", "a cooperative active at the cut-off", "a linkage running", "a valid
certificate", "a household on the list", "a coded plot", "an OCOP product": each rule is one
function here, used by the indicators (through the catalogue's ``selection`` column), by the
report tables and by the quality report alike.

Every rule takes the processed tables and a period and returns a boolean Series aligned on the
rows of the table it selects from. Flows look at ``period.start .. period.cutoff`` (both days
included); stocks look at the state at the end of the cut-off day.

A value nobody supplied is unknown (empty), never a default: a row whose answer is empty is not
selected, and a rule that reads such answers (a certification, a growing-area code, an OCOP rating)
names them (:attr:`Selection.answers`) and takes ``assume=True`` to select the rows that *could*
count were their empty answers known, so the indicators can say how many rows are undecided.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
import pandas as pd

from ..clean.parse import WRITTEN_NO, says_no
from .periods import Period

__all__ = [
    "SELECTIONS",
    "Selection",
    "activities_held",
    "certificates_expiring",
    "certified",
    "cooperatives_active",
    "in_period",
    "linkages_running",
    "ocop",
    "plot_owner_registered_on",
    "plots_coded",
    "prepared",
    "registered",
]

Tables = dict[str, pd.DataFrame]

#: Where :func:`prepared` keeps the plots' owner registration dates, shared by several indicators.
_OWNER_REGISTERED = "_plot_owner_registered_on"


def _ts(day) -> pd.Timestamp:
    return pd.Timestamp(day)


def _between(col: pd.Series, p: Period) -> pd.Series:
    return (col >= _ts(p.start)) & (col <= _ts(p.cutoff))


def _known(condition: pd.Series, column: pd.Series, assume: bool) -> pd.Series:
    """``condition`` where ``column`` is known; where it is empty, ``assume`` (False: does not count)."""
    known = column.notna()
    held = condition.fillna(False).astype(bool) & known
    return held | ~known if assume else held


def in_period(tables: Tables, period: Period, table: str, column: str) -> pd.Series:
    """Rows of ``table`` whose date ``column`` falls in the period.

    The rule of every flow: ``period.start <= column <= period.cutoff``, both days included; a row
    without a date is not in any period.
    """
    return _between(tables[table][column], period)


def activities_held(tables: Tables, period: Period, *kinds: str) -> pd.Series:
    """Activities held in the period (see :func:`in_period`), of the given ``kinds``.

    With no kind named, every activity held in the period counts (the plan's spending).
    """
    held = in_period(tables, period, "activities", "held_on")
    return tables["activities"]["kind"].isin(kinds) & held if kinds else held


def cooperatives_active(tables: Tables, period: Period, kind: str | None = None) -> pd.Series:
    """Cooperatives active at the end of the cut-off day, optionally of one ``kind`` (``HTX``, ``THT``).

    Active: established on or before the cut-off (or no date known) and not dissolved by then
    (no dissolution date, or one after the cut-off: a cooperative dissolved on the cut-off day is
    gone).
    """
    c = tables["cooperatives"]
    est, dis = c["established_on"], c["dissolved_on"]
    cut = _ts(period.cutoff)
    active = (est.isna() | (est <= cut)) & (dis.isna() | (dis > cut))
    return active & (c["kind"] == kind) if kind else active


def linkages_running(tables: Tables, period: Period) -> pd.Series:
    """Linkages running in the period: started by the cut-off and not ended before the period began.

    A linkage without an end date runs on.
    """
    lk = tables["linkages"]
    return (lk["start_on"] <= _ts(period.cutoff)) & (lk["end_on"].isna() | (lk["end_on"] >= _ts(period.start)))


def certified(tables: Tables, period: Period, standard: str | None = None, *, assume: bool = False) -> pd.Series:
    """Producers with a certificate valid on the cut-off day, optionally of one ``standard``.

    Valid: issued on or before the cut-off and expiring on or after it (a certificate expiring on
    the cut-off day still counts), of a standard other than ``không``. An empty standard or date is
    unknown: not counted (``assume=True``: taken as one that would count).
    """
    pr = tables["producers"]
    cut = _ts(period.cutoff)
    issued, expires, std = pr["gap_issued_on"], pr["gap_expires_on"], pr["gap_standard"]
    of_standard = std.eq(standard) if standard else std.ne("không")
    return (
        _known(issued <= cut, issued, assume)
        & _known(expires >= cut, expires, assume)
        & _known(of_standard, std, assume)
    )


def certificates_expiring(tables: Tables, period: Period, days: int) -> pd.Series:
    """Producers whose certificate (of a standard other than ``không``) expires in the ``days`` days
    after the cut-off day (from the day after it to ``days`` days after it, both included)."""
    pr = tables["producers"]
    cut = _ts(period.cutoff)
    soon = pr["gap_expires_on"].between(cut + pd.Timedelta(days=1), cut + pd.Timedelta(days=days))
    return _has_standard(pr) & soon


def _has_standard(producers: pd.DataFrame) -> pd.Series:
    standard = producers["gap_standard"]
    return standard.notna() & standard.ne("không").fillna(False)


def registered(tables: Tables, period: Period) -> pd.Series:
    """Producers on the list at the cut-off: registered on or before it, or with no date known."""
    reg = tables["producers"]["registered_on"]
    return reg.isna() | (reg <= _ts(period.cutoff))


def plot_owner_registered_on(tables: Tables) -> pd.Series:
    """For each plot, when its household was registered.

    ``NaT`` when the household has no registration date; ``Timestamp.max`` when the plot names no
    household of the list (such a plot is never counted). Taken from :func:`prepared` tables when
    there, otherwise looked up (once per call, by hash).
    """
    if _OWNER_REGISTERED in tables:
        return tables[_OWNER_REGISTERED]
    pr, plots = tables["producers"], tables["crops"]
    owners = pd.Index(pr["producer_id"].astype(object))
    pos = owners.get_indexer(plots["producer_id"].astype(object))
    reg = pr["registered_on"].to_numpy()
    out = np.where(pos >= 0, reg[np.maximum(pos, 0)], np.datetime64("NaT"))
    return pd.Series(pd.to_datetime(out), index=plots.index).where(pos >= 0, pd.Timestamp.max)


def plots_coded(tables: Tables, period: Period, *, assume: bool = False) -> pd.Series:
    """Plots with a growing-area code, of households on the list at the cut-off (see :func:`registered`).

    A code written as ``không`` is a definite "none"; an empty one is unknown: not counted
    (``assume=True``: counted). A code granted after the cut-off (``growing_area_code_issued_on``) did
    not exist yet; one whose grant date is not given counts as the code the plot had then (for a past
    period, from the history each clean keeps: :mod:`lkdata.plan.history`).
    """
    reg = plot_owner_registered_on(tables)
    plots = tables["crops"]
    code = plots["growing_area_code"]
    cut = _ts(period.cutoff)
    coded = _known(code.ne(WRITTEN_NO), code, assume) & (reg.isna() | (reg <= cut))
    if "growing_area_code_issued_on" in plots.columns:
        coded &= ~(plots["growing_area_code_issued_on"] > cut).fillna(False)
    return coded


def ocop(tables: Tables, period: Period, stars: int | None = None, *, assume: bool = False) -> pd.Series:
    """Cooperatives' OCOP products rated by the cut-off's year, optionally of ``stars`` stars.

    A product counts from its rating year on (the year is compared, not the date). Empty stars or an
    empty year are unknown: not counted (``assume=True``: counted), except that a cooperative whose
    OCOP product is written ``không`` / ``chưa có`` has none.
    """
    c = tables["cooperatives"]
    st, year = c["ocop_stars"], c["ocop_year"]
    rated = _known(st.eq(stars) if stars else st.notna(), st, assume)
    if assume and "ocop_product" in c.columns:
        rated &= ~(st.isna() & says_no(c["ocop_product"]))
    return rated & _known(year <= period.cutoff.year, year, assume)


def prepared(tables: Tables) -> Tables:
    """A shallow copy of ``tables`` with lookups shared by several selections computed once."""
    out = dict(tables)
    if "crops" in out and "producers" in out:
        out[_OWNER_REGISTERED] = plot_owner_registered_on(out)
    return out


@dataclass(frozen=True)
class Selection:
    """How the indicator catalogue names and parametrises a rule.

    Attributes
    ----------
    rule : callable
        The rule, ``rule(tables, period, *args)``.
    table : str or None
        The table the rule selects from; ``None`` for a rule that applies to any table (it then
        receives the indicator's table as its first argument).
    args : str
        What the catalogue's ``selection_args`` holds: ``""`` nothing; ``"column"`` one date column
        of the table; ``"values"`` any number of values (``|``-separated); ``"value?"`` at most one
        value; ``"int?"`` at most one whole number.
    vocabulary : str or None
        The reference catalogue the values must come from (``activity_kinds``, ``certifications``),
        when one says which values exist.
    answers : tuple of str
        The columns whose values decide whether a row is selected and may be unknown (empty), most
        telling first; a rule with answers takes ``assume`` (what an empty answer is taken to be).
    """

    rule: Callable[..., pd.Series]
    table: str | None = None
    args: str = ""
    vocabulary: str | None = None
    answers: tuple[str, ...] = ()

    def __call__(
        self, tables: Tables, period: Period, table: str, args: tuple = (), *, assume: bool = False
    ) -> pd.Series:
        """The rows of ``table`` the rule selects for ``period`` (``args`` as parsed by the catalogue);
        with ``assume``, also the rows whose empty answers would let them count."""
        kw = {"assume": assume} if self.answers else {}
        if self.table is None:
            return self.rule(tables, period, table, *args, **kw)
        return self.rule(tables, period, *args, **kw)


#: The rules the catalogue may name, by name.
SELECTIONS: dict[str, Selection] = {
    "in_period": Selection(in_period, None, "column"),
    "activities_held": Selection(activities_held, "activities", "values", "activity_kinds"),
    "cooperatives_active": Selection(cooperatives_active, "cooperatives", "value?"),
    "linkages_running": Selection(linkages_running, "linkages"),
    "certified": Selection(
        certified, "producers", "value?", "certifications", answers=("gap_standard", "gap_expires_on", "gap_issued_on")
    ),
    "registered": Selection(registered, "producers"),
    "plots_coded": Selection(plots_coded, "crops", answers=("growing_area_code",)),
    "ocop": Selection(ocop, "cooperatives", "int?", answers=("ocop_stars", "ocop_year")),
}
