"""The named row selections: the one definition of each rule the plan counts by.

"Held in the period", "a cooperative active at the cut-off", "a linkage running", "a valid
certificate", "a household on the list", "a coded plot", "an OCOP product": each rule is one
function here, used by the indicators (through the catalogue's ``selection`` column), by the
report tables and by the quality report alike.

Every rule takes the processed tables and a period and returns a boolean Series aligned on the
rows of the table it selects from. Flows look at ``period.start .. period.cutoff`` (both days
included). Stocks are what is in force on the cut-off day (:func:`in_force_on`): begun on or before
it and not ended before it, the same rule at last year's cut-off for the year-ago figure, never an
overlap with the period.

A stock record whose beginning date is empty (a household with no registration date, a cooperative
with no founding date) is on the list today and is counted, but never silently: the rule's
:attr:`Selection.caveats` name such records, and the indicator's note says how many it counted so.

A value nobody supplied is unknown (empty), never a default: a row whose answer is empty is not
selected, and a rule that reads such answers (a certification, a growing-area code, an OCOP rating)
names them (:attr:`Selection.answers`) and takes ``assume=True`` to select the rows that *could*
count were their empty answers known, so the indicators can say how many rows are undecided.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Collection
from dataclasses import dataclass

import numpy as np
import pandas as pd

from ..clean.parse import WRITTEN_NO, says_no
from ..vn.columns import fmap
from ..vn.text import fold
from .derived import DERIVED, OWNER_POSITIONS, derived_table, owner_positions
from .periods import Period

__all__ = [
    "SELECTIONS",
    "Selection",
    "activities_held",
    "certificates_expiring",
    "certified",
    "cooperatives_active",
    "cooperatives_in_linkages",
    "in_force_on",
    "in_period",
    "linkages_running",
    "ocop",
    "plot_owner_registered_on",
    "plots_certified",
    "plots_coded",
    "prepared",
    "registered",
    "says_ended",
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


def in_force_on(day: pd.Timestamp, begun: pd.Series, ended: pd.Series | None = None, *,
                gone_on_end_day: bool = False) -> pd.Series:  # fmt: skip
    """The one rule of every stock: records in force on ``day``.

    In force: begun on or before ``day`` and not ended before it. An end date on ``day`` itself is the
    record's last day in force (a contract's end, a certificate's expiry), unless ``gone_on_end_day``
    (a dissolution takes effect on its date: a cooperative dissolved on the cut-off day is gone). An
    empty end date: not ended. An empty beginning date: in force (the record is on the list; the rule's
    caveats say how many were counted so).
    """
    on = begun.isna() | (begun <= day)
    if ended is None:
        return on
    return on & (ended.isna() | ((ended > day) if gone_on_end_day else (ended >= day)))


#: A linkage status that says it has ended (folded: no diacritics, lower case): "đã kết thúc", "thanh lý",
#: "chấm dứt", "ngừng", "hết hạn", "hủy". "Chưa kết thúc", "tạm ngừng" do not.
_ENDED = re.compile(r"^(da )?(ket thuc|thanh ly|cham dut|ngung|het han|huy)( |$)")


def says_ended(status: pd.Series) -> pd.Series:
    """Which linkage statuses say the linkage has ended (see ``_ENDED``); an empty status says nothing."""
    return fmap(status.astype("string"), lambda s: bool(_ENDED.match(fold(s)))).fillna(False).astype(bool)


def _running(df: pd.DataFrame, day: pd.Timestamp, assume: bool) -> pd.Series:
    """Rows of a linkage-like table (``start_on``, ``end_on``, ``status``) running on ``day``."""
    running = in_force_on(day, df["start_on"], df["end_on"])
    ended_undated = df["end_on"].isna() & says_ended(df["status"])  # ended, but when is unknown
    return running & ~ended_undated if not assume else running


def linkages_running(tables: Tables, period: Period, *, assume: bool = False) -> pd.Series:
    """Linkages running on the cut-off day (:func:`in_force_on`): started on or before it and not ended
    before it (a linkage ending on the cut-off day still runs that day; one with no end date runs on).

    A linkage whose status says it has ended (:func:`says_ended`) but which has no end date ended on a
    day nobody gave: it is not counted, and is named as lacking its end date (``assume=True``: counted).
    """
    return _running(tables["linkages"], _ts(period.cutoff), assume)


def cooperatives_active(tables: Tables, period: Period, kind: str | None = None) -> pd.Series:
    """Cooperatives active at the end of the cut-off day, optionally of one ``kind`` (``HTX``, ``THT``).

    Active (:func:`in_force_on`): founded on or before the cut-off (an empty founding date counts, named
    by the caveats) and not dissolved by the end of it (a cooperative dissolved on the cut-off day is gone).
    """
    c = tables["cooperatives"]
    active = in_force_on(_ts(period.cutoff), c["established_on"], c["dissolved_on"], gone_on_end_day=True)
    return active & (c["kind"] == kind) if kind else active


def cooperatives_in_linkages(tables: Tables, period: Period, *, assume: bool = False) -> pd.Series:
    """Rows of ``linkage_members`` (a cooperative a linkage names) where the linkage runs on the cut-off
    day (:func:`linkages_running`) and the cooperative is active then (:func:`cooperatives_active`): a
    cooperative founded after the cut-off does not take part yet, whatever the contract says."""
    m = derived_table(tables, "linkage_members")
    day = _ts(period.cutoff)
    return _running(m, day, assume) & in_force_on(day, m["established_on"], m["dissolved_on"], gone_on_end_day=True)


def _certificate(df: pd.DataFrame, period: Period, standard: str | None, assume: bool) -> pd.Series:
    """Rows whose certificate (``gap_standard``, ``gap_issued_on``, ``gap_expires_on``) is valid on the
    cut-off day, of the record on the list then (``registered_on``: :func:`in_force_on`)."""
    cut = _ts(period.cutoff)
    issued, expires, std = df["gap_issued_on"], df["gap_expires_on"], df["gap_standard"]
    of_standard = std.eq(standard) if standard else std.ne("không")
    return (
        _known(issued <= cut, issued, assume)
        & _known(expires >= cut, expires, assume)
        & _known(of_standard, std, assume)
        & in_force_on(cut, df["registered_on"])
    )


def certified(tables: Tables, period: Period, standard: str | None = None, *, assume: bool = False) -> pd.Series:
    """Producers on the list at the cut-off (:func:`registered`) with a certificate valid on the cut-off
    day, optionally of one ``standard``.

    Valid: issued on or before the cut-off and expiring on or after it (a certificate expiring on
    the cut-off day still counts), of a standard other than ``không``. An empty standard or date is
    unknown: not counted (``assume=True``: taken as one that would count). A household registered
    after the cut-off is not counted, whatever its certificate.
    """
    return _certificate(tables["producers"], period, standard, assume)


def plots_certified(tables: Tables, period: Period, standard: str | None = None, *,
                    assume: bool = False) -> pd.Series:  # fmt: skip
    """Rows of ``plot_areas`` certified on the cut-off day, optionally of one ``standard``.

    A plot is certified when the crops table gives it a standard other than ``không`` and its household's
    certificate is valid on the cut-off day (:func:`certified`'s dates; the household on the list then).
    A household with no plot row is one row of its farm area, certified as the household is (the
    caveats say how many). An empty standard or date is unknown: not counted (``assume=True``: counted).
    """
    return _certificate(derived_table(tables, "plot_areas"), period, standard, assume)


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
    """Producers on the list at the cut-off (:func:`in_force_on`): registered on or before it; one with
    no registration date is on the list and counted, named by the caveats."""
    return in_force_on(_ts(period.cutoff), tables["producers"]["registered_on"])


def plot_owner_registered_on(tables: Tables) -> pd.Series:
    """For each plot, when its household was registered.

    ``NaT`` when the household has no registration date; ``Timestamp.max`` when the plot names no
    household of the list (such a plot is never counted). Taken from :func:`prepared` tables when
    there, otherwise looked up (once per call, by hash).
    """
    if _OWNER_REGISTERED in tables:
        return tables[_OWNER_REGISTERED]
    pos = owner_positions(tables)
    reg = tables["producers"]["registered_on"]
    taken = reg.iloc[np.maximum(pos, 0)].set_axis(tables["crops"].index) if len(reg) else None
    if taken is None:
        return pd.Series(pd.Timestamp.max, index=tables["crops"].index, dtype="datetime64[ns]")
    return taken.where(pos >= 0, pd.Timestamp.max)


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
    coded = _known(code.ne(WRITTEN_NO), code, assume) & in_force_on(cut, reg)
    if "growing_area_code_issued_on" in plots.columns:  # a code granted after the cut-off did not exist then
        coded &= ~(plots["growing_area_code_issued_on"] > cut).fillna(False)
    return coded


def ocop(tables: Tables, period: Period, stars: int | None = None, *, assume: bool = False) -> pd.Series:
    """OCOP products of the cooperatives active at the cut-off (:func:`cooperatives_active`), rated by the
    cut-off's year, optionally of ``stars`` stars.

    The registry gives a rating's year only: a product counts from its rating year on (the year is
    compared, not the date, so a product rated later in the cut-off's own year counts at that cut-off),
    and no expiry is recorded. A product of a cooperative dissolved by the cut-off, or founded after it,
    does not count. Empty stars or an empty year are unknown: not counted (``assume=True``: counted),
    except that a cooperative whose OCOP product is written ``không`` / ``chưa có`` has none.
    """
    c = tables["cooperatives"]
    st, year = c["ocop_stars"], c["ocop_year"]
    rated = _known(st.eq(stars) if stars else st.notna(), st, assume)
    if assume and "ocop_product" in c.columns:
        rated &= ~(st.isna() & says_no(c["ocop_product"]))
    return rated & _known(year <= period.cutoff.year, year, assume) & cooperatives_active(tables, period)


def prepared(tables: Tables, needed: Collection[str] | None = None) -> Tables:
    """A shallow copy of ``tables`` with lookups shared by several selections computed once, and the
    derived tables (:mod:`lkdata.plan.derived`) whose sources it holds (only those ``needed``, when given:
    the tables the indicators at hand count)."""
    out = dict(tables)
    if "crops" in out and "producers" in out:
        out[OWNER_POSITIONS] = owner_positions(out)
        out[_OWNER_REGISTERED] = plot_owner_registered_on(out)
    for name, derived in DERIVED.items():
        wanted = needed is None or name in needed
        if wanted and name not in out and all(t in out for t in derived.sources):
            out[name] = derived.build(out)
    return out


# --- caveats: records a rule counts although a date that decides it is empty --------------------------


def _undated_households(tables: Tables) -> dict[str, pd.Series]:
    return {"{n} hộ chưa có ngày đăng ký vẫn được tính là có trong danh sách":
            tables["producers"]["registered_on"].isna()}  # fmt: skip


def _undated_cooperatives(tables: Tables) -> dict[str, pd.Series]:
    return {"{n} HTX/THT chưa có ngày thành lập vẫn được tính là đã thành lập":
            tables["cooperatives"]["established_on"].isna()}  # fmt: skip


def _undated_plot_owners(tables: Tables) -> dict[str, pd.Series]:
    return {"{n} thửa của hộ chưa có ngày đăng ký vẫn được tính": plot_owner_registered_on(tables).isna()}


def _plot_area_caveats(tables: Tables) -> dict[str, pd.Series]:
    pa = derived_table(tables, "plot_areas")
    return {
        "{n} thửa của hộ chưa có ngày đăng ký vẫn được tính": pa["registered_on"].isna(),
        "{n} hộ chưa kê khai thửa thì tính theo diện tích canh tác của hộ": pa["from_farm_area"],
    }


def _member_caveats(tables: Tables) -> dict[str, pd.Series]:
    m = derived_table(tables, "linkage_members")
    return {"{n} HTX/THT chưa có ngày thành lập vẫn được tính là đã thành lập": m["established_on"].isna()}


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
    caveats : callable or None
        ``caveats(tables)`` -> phrase -> the rows (of the table the rule selects from) that the rule
        counts on an assumption, when it selects them: a record on the list with no beginning date, a
        household's farm area standing for its plots. The phrase holds ``{n}`` where their number goes:
        ``{n} hộ chưa có ngày đăng ký vẫn được tính là có trong danh sách``.
    says : str
        The rule in Vietnamese, as an explanation of a figure states it (:mod:`lkdata.plan.explain`):
        which records count, ``{start}``, ``{cutoff}`` and ``{year}`` standing for the period's first
        day, its cut-off (``05/5/2026``) and the cut-off's year, ``{values}`` for the catalogue's
        ``selection_args`` as named (``tập huấn``; :attr:`says_all` when there are none) and ``{column}``
        for the title of a ``column`` argument.
    says_all : str
        What ``{values}`` says when the catalogue gives no value (every kind, every standard).
    says_every : str
        The whole rule, with the records it counts (``tất cả các hoạt động tổ chức ...``), when the catalogue
        gives no value and ``says`` with :attr:`says_all` would not read as an official writes (``các hoạt
        động thuộc loại bất kỳ``); ``""``: ``says`` with :attr:`says_all`.
    unknown : str
        What becomes of a record whose :attr:`answers` are empty, when the rule decides it otherwise than
        "unknown, not counted" (a linkage without an end date runs on; only one whose status says it has
        ended is left out): the clause the explanation says instead of naming the answers as unknown.
    value_format : str
        How one value reads in ``{values}`` (``{} sao``: ``4 sao``).
    reads : tuple of str
        The columns the rule reads besides its ``answers`` and a ``column`` argument (dates, kinds), so
        that an explanation names every field a figure comes from; ``producers.registered_on`` for a
        column of another table.
    counts : str
        What one selected row is, when a count counts something other than the table's record (an OCOP
        product, one per cooperative's row): the explanation's method says it (``đếm số sản phẩm ...``).
    """

    rule: Callable[..., pd.Series]
    table: str | None = None
    args: str = ""
    vocabulary: str | None = None
    answers: tuple[str, ...] = ()
    caveats: Callable[[Tables], dict[str, pd.Series]] | None = None
    says: str = ""
    says_all: str = ""
    says_every: str = ""
    unknown: str = ""
    value_format: str = "{}"
    reads: tuple[str, ...] = ()
    counts: str = ""

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
_CERTIFICATE = ("gap_standard", "gap_expires_on", "gap_issued_on")

_IN_FORCE = "còn hiệu lực đến ngày {cutoff}"
_CERTIFIED = (
    "có trong danh sách đến ngày {cutoff} (ngày đăng ký từ ngày đó trở về trước) và có chứng nhận {values} "
    + _IN_FORCE
    + ": cấp từ ngày {cutoff} trở về trước, hết hạn từ ngày {cutoff} trở về sau (hết hạn đúng ngày {cutoff} vẫn tính)"
)
#: (One that says it has ended without its end date: :data:`_ENDED_UNDATED`, the rule's ``unknown``.)
_RUNNING = (
    "đang thực hiện, " + _IN_FORCE + ": bắt đầu từ ngày {cutoff} trở về trước và chưa kết thúc trước ngày đó (kết "
    "thúc đúng ngày {cutoff} vẫn tính; không ghi ngày kết thúc là còn thực hiện)"
)
#: A linkage without an end date runs on (:func:`linkages_running`): only one whose status says it has ended is
#: left out, its end day unknown.
_ENDED_UNDATED = (
    "{noun} ghi tình trạng đã kết thúc mà chưa ghi “ngày kết thúc” thì chưa rõ ngày kết thúc nên không được tính"
)
_ACTIVE = (
    "còn hoạt động đến ngày {cutoff}: thành lập từ ngày {cutoff} trở về trước và chưa giải thể đến hết ngày đó "
    "(giải thể đúng ngày {cutoff} thì không còn tính)"
)
_HELD = "tổ chức từ ngày {start} đến ngày {cutoff} (tính cả hai ngày)"
_LIFE = ("established_on", "dissolved_on")
_PLOT_OWNER = ("producer_id", "registered_on")  # a plot's household, and when it was registered

SELECTIONS: dict[str, Selection] = {
    "in_period": Selection(in_period, None, "column",
                           says="có {column} từ ngày {start} đến ngày {cutoff} (tính cả hai ngày)"),
    "activities_held": Selection(activities_held, "activities", "values", "activity_kinds",
                                 says="thuộc loại {values}, " + _HELD, says_every="tất cả các hoạt động " + _HELD,
                                 reads=("kind", "held_on")),
    "cooperatives_active": Selection(cooperatives_active, "cooperatives", "value?", caveats=_undated_cooperatives,
                                     says="loại {values}, " + _ACTIVE, says_every="các HTX, THT " + _ACTIVE,
                                     reads=("kind", *_LIFE)),
    "linkages_running": Selection(linkages_running, "linkages", answers=("end_on",), says=_RUNNING,
                                  unknown=_ENDED_UNDATED.format(noun="liên kết"), reads=("start_on", "status")),
    "cooperatives_in_linkages": Selection(cooperatives_in_linkages, "linkage_members", answers=("end_on",),
                                          caveats=_member_caveats,
                                          unknown=_ENDED_UNDATED.format(noun="HTX/THT của liên kết"),
                                          says="được ghi tên trong một liên kết " + _RUNNING + "; HTX/THT đó cũng "
                                               + _ACTIVE, reads=("cooperative_id", "start_on", "status", *_LIFE)),
    "certified": Selection(certified, "producers", "value?", "certifications", answers=_CERTIFICATE,
                           caveats=_undated_households, says=_CERTIFIED, says_all="VietGAP, GlobalGAP hoặc hữu cơ",
                           reads=("registered_on",)),
    "plots_certified": Selection(plots_certified, "plot_areas", "value?", "certifications", answers=_CERTIFICATE,
                                 caveats=_plot_area_caveats,
                                 says="ghi tiêu chuẩn chứng nhận (khác “không”) trong bảng diện tích cây trồng, của "
                                      "hộ " + _CERTIFIED + "; hộ chưa kê khai thửa nào thì tính theo diện tích canh "
                                      "tác của hộ", says_all="VietGAP, GlobalGAP hoặc hữu cơ",
                                 reads=_PLOT_OWNER),
    "registered": Selection(registered, "producers", caveats=_undated_households,
                            says="có trong danh sách đến ngày {cutoff}: ngày đăng ký từ ngày đó trở về trước",
                            reads=("registered_on",)),
    "plots_coded": Selection(plots_coded, "crops", answers=("growing_area_code",), caveats=_undated_plot_owners,
                             says="có mã số vùng trồng (ghi “không” là không có), của hộ có trong danh sách đến ngày "
                                  "{cutoff}; mã được cấp sau ngày {cutoff} không tính",
                             reads=("producer_id", "producers.registered_on")),
    "ocop": Selection(ocop, "cooperatives", "int?", answers=("ocop_stars", "ocop_year"),
                      caveats=_undated_cooperatives,
                      says="có sản phẩm OCOP {values} được đánh giá từ năm {year} trở về trước, của HTX/THT " + _ACTIVE,
                      says_all="(từ 3 sao)", value_format="{} sao", reads=_LIFE,
                      counts="sản phẩm OCOP (danh sách ghi mỗi HTX/THT một sản phẩm OCOP, với hạng sao và năm công"
                             " nhận, nên mỗi HTX/THT được tính là một sản phẩm)"),
}  # fmt: skip
