"""The plan's indicators for a reporting period, with last year's figure and this year's target.

Each indicator is declared as data: the table it counts, which rows count for a period, and how
they are aggregated. Stocks (cooperatives active, valid certificates, linkages running) are taken
as of the period's cut-off from the dated records; flows (events, new and dissolved cooperatives,
approvals) count what happened between the period's start and its cut-off. All of it is
vectorised, and the same declaration gives the breakdowns by khu phố or by crop.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
import pandas as pd

from ..errors import UsageError
from .periods import Period

__all__ = ["CATALOGUE", "TASKS", "Indicator", "breakdown", "estimate", "indicator_by_id", "indicators", "selected"]

#: The plan's tasks (section III) and funding (IV), as reports title them.
TASKS: dict[str, str] = {
    "III.1": "Thông tin, truyền thông về liên kết sản xuất, tiêu thụ sản phẩm nông nghiệp",
    "III.2": "Hướng dẫn, hỗ trợ xây dựng và triển khai các dự án, kế hoạch liên kết",
    "III.3": "Phát triển các hình thức tổ chức sản xuất đủ năng lực tham gia liên kết",
    "III.4": "Hỗ trợ chuyển giao tiến bộ khoa học kỹ thuật, liên kết sản xuất",
    "III.5": "Hỗ trợ tham gia các hoạt động xúc tiến thương mại",
    "III.6": "Triển khai các cơ chế, chính sách thúc đẩy hợp tác, liên kết",
    "III.7": "Kiểm tra, giám sát thực hiện liên kết",
    "IV": "Kinh phí thực hiện",
}

Tables = dict[str, pd.DataFrame]
Mask = Callable[[Tables, Period], pd.Series]


@dataclass(frozen=True)
class Indicator:
    """One indicator: what it counts, for which rows of which table, aggregated how."""

    id: str
    task: str
    label: str
    unit: str
    table: str
    rows: Mask
    agg: str = "count"  # "count", "sum:<column>", "nunique:<column>", "nunique_list:<column>"
    kind: str = "flow"  # "flow" (start..cut-off) or "stock" (as of the cut-off)

    @property
    def column(self) -> str | None:
        """The column the aggregation reads (``None`` for a count)."""
        return self.agg.partition(":")[2] or None

    def mask(self, tables: Tables, period: Period) -> np.ndarray:
        """Which rows of the table count for ``period``."""
        return self.rows(tables, period).to_numpy(dtype=bool, na_value=False)

    def frame(self, tables: Tables, period: Period, extra: tuple[str, ...] = ()) -> pd.DataFrame:
        """The rows that count for ``period`` (only the columns needed, plus ``extra``)."""
        df = tables[self.table]
        cols = [c for c in dict.fromkeys([*(x for x in (self.column,) if x), *extra]) if c in df.columns]
        return df.loc[self.mask(tables, period), cols]

    def value(self, tables: Tables, period: Period) -> float:
        """The indicator for ``period``: aggregates the selected rows without copying the table."""
        m = self.mask(tables, period)
        if self.column is None:
            return float(m.sum())
        return self.aggregate(tables[self.table][[self.column]][m])

    def aggregate(self, df: pd.DataFrame) -> float:
        how, _, column = self.agg.partition(":")
        if how == "count":
            return float(len(df))
        if how == "sum":
            return float(pd.to_numeric(df[column], errors="coerce").fillna(0).sum())
        if how == "nunique":
            return float(df[column].dropna().nunique())
        if how == "nunique_list":
            return float(df[column].dropna().str.split("; ").explode().dropna().nunique())
        raise ValueError(f"unknown aggregation {self.agg!r}")  # pragma: no cover


# --- row selections ------------------------------------------------------------------------------


def _ts(day) -> pd.Timestamp:
    return pd.Timestamp(day)


def _between(col: pd.Series, p: Period) -> pd.Series:
    return (col >= _ts(p.start)) & (col <= _ts(p.cutoff))


def _activity(*kinds: str) -> Mask:
    return lambda t, p: t["activities"]["kind"].isin(kinds) & _between(t["activities"]["held_on"], p)


def _coop_active(kind: str | None = None) -> Mask:
    def rows(t: Tables, p: Period) -> pd.Series:
        c = t["cooperatives"]
        est, dis = c["established_on"], c["dissolved_on"]
        active = (est.isna() | (est <= _ts(p.cutoff))) & (dis.isna() | (dis > _ts(p.cutoff)))
        return active & (c["kind"] == kind) if kind else active

    return rows


def _linkage_active(t: Tables, p: Period) -> pd.Series:
    lk = t["linkages"]
    return (lk["start_on"] <= _ts(p.cutoff)) & (lk["end_on"].isna() | (lk["end_on"] >= _ts(p.start)))


def _certified(standard: str | None = None) -> Mask:
    def rows(t: Tables, p: Period) -> pd.Series:
        pr = t["producers"]
        valid = (pr["gap_issued_on"] <= _ts(p.cutoff)) & (pr["gap_expires_on"] >= _ts(p.cutoff))
        valid &= pr["gap_standard"].ne("không").fillna(False)
        return valid & (pr["gap_standard"] == standard) if standard else valid

    return rows


def _registered(t: Tables, p: Period) -> pd.Series:
    reg = t["producers"]["registered_on"]
    return reg.isna() | (reg <= _ts(p.cutoff))


def _plot_owner_registered_on(t: Tables) -> pd.Series:
    """For each plot, when its household was registered (looked up once per call, by hash)."""
    if "_plot_owner_registered_on" in t:
        return t["_plot_owner_registered_on"]
    pr, plots = t["producers"], t["crops"]
    owners = pd.Index(pr["producer_id"].astype(object))
    pos = owners.get_indexer(plots["producer_id"].astype(object))
    reg = pr["registered_on"].to_numpy()
    out = np.where(pos >= 0, reg[np.maximum(pos, 0)], np.datetime64("NaT"))
    return pd.Series(pd.to_datetime(out), index=plots.index).where(pos >= 0, pd.Timestamp.max)


def _plots_coded(t: Tables, p: Period) -> pd.Series:
    """Plots with a growing-area code, of households registered by the cut-off."""
    reg = _plot_owner_registered_on(t)
    return t["crops"]["growing_area_code"].notna() & (reg.isna() | (reg <= _ts(p.cutoff)))


def _ocop(stars: int | None = None) -> Mask:
    def rows(t: Tables, p: Period) -> pd.Series:
        c = t["cooperatives"]
        has = c["ocop_stars"].notna() & (c["ocop_year"].fillna(9999) <= p.cutoff.year)
        return has & (c["ocop_stars"] == stars) if stars else has

    return rows


I = Indicator  # noqa: E741 - the catalogue below reads as a table
CATALOGUE: tuple[Indicator, ...] = (
    # III.1 communication
    I(
        "training_courses",
        "III.1",
        "Lớp tập huấn về liên kết sản xuất, tiêu thụ",
        "lớp",
        "activities",
        _activity("training"),
    ),
    I(
        "training_participants",
        "III.1",
        "Lượt người dự tập huấn",
        "lượt người",
        "activities",
        _activity("training"),
        "sum:participants",
    ),
    I(
        "training_households",
        "III.1",
        "Lượt hộ dự tập huấn",
        "lượt hộ",
        "activities",
        _activity("training"),
        "sum:participants_households",
    ),
    I(
        "training_cooperatives",
        "III.1",
        "Lượt HTX/THT dự tập huấn",
        "lượt HTX/THT",
        "activities",
        _activity("training"),
        "sum:participants_cooperatives",
    ),
    I(
        "training_enterprises",
        "III.1",
        "Lượt doanh nghiệp dự tập huấn",
        "lượt doanh nghiệp",
        "activities",
        _activity("training"),
        "sum:participants_enterprises",
    ),
    I("communication_events", "III.1", "Hội nghị, buổi tuyên truyền", "cuộc", "activities", _activity("communication")),
    I("broadcasts", "III.1", "Lần phát thanh trên hệ thống truyền thanh", "lần", "activities", _activity("broadcast")),
    I("news_items", "III.1", "Tin, bài trên trang thông tin điện tử", "tin, bài", "activities", _activity("news")),
    # III.2 linkage projects
    I(
        "linkages_active",
        "III.2",
        "Chuỗi liên kết đang thực hiện trong kỳ",
        "chuỗi",
        "linkages",
        _linkage_active,
        kind="stock",
    ),
    I(
        "linkages_new",
        "III.2",
        "Chuỗi liên kết mới trong kỳ",
        "chuỗi",
        "linkages",
        lambda t, p: _between(t["linkages"]["start_on"], p),
    ),
    I(
        "linkage_households",
        "III.2",
        "Hộ tham gia liên kết",
        "hộ",
        "linkages",
        _linkage_active,
        "sum:households",
        "stock",
    ),
    I(
        "linkage_cooperatives",
        "III.2",
        "HTX/THT tham gia liên kết",
        "HTX/THT",
        "linkages",
        _linkage_active,
        "nunique_list:cooperative_ids",
        "stock",
    ),
    I("linkage_area_ha", "III.2", "Diện tích liên kết", "ha", "linkages", _linkage_active, "sum:area_ha", "stock"),
    I(
        "linkage_volume_t",
        "III.2",
        "Sản lượng tiêu thụ qua liên kết",
        "tấn",
        "linkages",
        _linkage_active,
        "sum:volume_t",
        "stock",
    ),
    I(
        "linkage_contract_value_vnd",
        "III.2",
        "Giá trị hợp đồng liên kết",
        "đồng",
        "linkages",
        _linkage_active,
        "sum:contract_value_vnd",
        "stock",
    ),
    I(
        "linkage_support_events",
        "III.2",
        "Lượt hướng dẫn xây dựng dự án liên kết",
        "lượt",
        "activities",
        _activity("linkage_support"),
    ),
    # III.3 organisations
    I("coops_active", "III.3", "HTX, THT đang hoạt động", "HTX/THT", "cooperatives", _coop_active(), kind="stock"),
    I("htx_active", "III.3", "Hợp tác xã đang hoạt động", "HTX", "cooperatives", _coop_active("HTX"), kind="stock"),
    I("tht_active", "III.3", "Tổ hợp tác đang hoạt động", "THT", "cooperatives", _coop_active("THT"), kind="stock"),
    I(
        "coops_new",
        "III.3",
        "HTX, THT thành lập mới",
        "HTX/THT",
        "cooperatives",
        lambda t, p: _between(t["cooperatives"]["established_on"], p),
    ),
    I(
        "coops_dissolved",
        "III.3",
        "HTX, THT giải thể",
        "HTX/THT",
        "cooperatives",
        lambda t, p: _between(t["cooperatives"]["dissolved_on"], p),
    ),
    I(
        "coop_members",
        "III.3",
        "Thành viên HTX, THT",
        "thành viên",
        "cooperatives",
        _coop_active(),
        "sum:members",
        "stock",
    ),
    I(
        "coop_managers_trained",
        "III.3",
        "Cán bộ quản lý HTX đã được đào tạo",
        "người",
        "cooperatives",
        _coop_active(),
        "sum:managers_trained",
        "stock",
    ),
    I(
        "coops_credit_access",
        "III.3",
        "HTX, THT tiếp cận tín dụng",
        "HTX/THT",
        "cooperatives",
        lambda t, p: _coop_active()(t, p) & t["cooperatives"]["credit_access"].fillna(False).astype(bool),
        kind="stock",
    ),
    I(
        "producers_registered",
        "III.3",
        "Hộ, cơ sở sản xuất nông nghiệp trong danh sách",
        "hộ",
        "producers",
        _registered,
        kind="stock",
    ),
    I(
        "coop_training_events",
        "III.3",
        "Lớp bồi dưỡng cán bộ HTX, THT",
        "lớp",
        "activities",
        _activity("coop_training"),
    ),
    # III.4 technology and standards
    I(
        "producers_certified",
        "III.4",
        "Hộ có chứng nhận VietGAP, GlobalGAP, hữu cơ còn hiệu lực",
        "hộ",
        "producers",
        _certified(),
        kind="stock",
    ),
    I(
        "producers_vietgap",
        "III.4",
        "Hộ có chứng nhận VietGAP còn hiệu lực",
        "hộ",
        "producers",
        _certified("VietGAP"),
        kind="stock",
    ),
    I(
        "producers_globalgap",
        "III.4",
        "Hộ có chứng nhận GlobalGAP còn hiệu lực",
        "hộ",
        "producers",
        _certified("GlobalGAP"),
        kind="stock",
    ),
    I(
        "producers_organic",
        "III.4",
        "Hộ có chứng nhận hữu cơ còn hiệu lực",
        "hộ",
        "producers",
        _certified("hữu cơ"),
        kind="stock",
    ),
    I(
        "certified_area_ha",
        "III.4",
        "Diện tích có chứng nhận còn hiệu lực",
        "ha",
        "producers",
        _certified(),
        "sum:farm_area_ha",
        "stock",
    ),
    I(
        "growing_area_codes",
        "III.4",
        "Mã số vùng trồng",
        "mã",
        "crops",
        _plots_coded,
        "nunique:growing_area_code",
        "stock",
    ),
    I(
        "growing_area_code_area_ha",
        "III.4",
        "Diện tích có mã số vùng trồng",
        "ha",
        "crops",
        _plots_coded,
        "sum:area_ha",
        "stock",
    ),
    I("ocop_products", "III.4", "Sản phẩm OCOP", "sản phẩm", "cooperatives", _ocop(), kind="stock"),
    I("ocop_3_star", "III.4", "Sản phẩm OCOP 3 sao", "sản phẩm", "cooperatives", _ocop(3), kind="stock"),
    I("ocop_4_star", "III.4", "Sản phẩm OCOP 4 sao", "sản phẩm", "cooperatives", _ocop(4), kind="stock"),
    I("ocop_5_star", "III.4", "Sản phẩm OCOP 5 sao", "sản phẩm", "cooperatives", _ocop(5), kind="stock"),
    I(
        "technical_events",
        "III.4",
        "Hội thảo, lớp chuyển giao kỹ thuật",
        "cuộc",
        "activities",
        _activity("technical_transfer"),
    ),
    # III.5 trade promotion
    I("fairs", "III.5", "Lượt tham gia hội chợ, triển lãm", "lượt", "activities", _activity("fair")),
    I("matching_events", "III.5", "Hội nghị kết nối giao thương", "cuộc", "activities", _activity("matching")),
    I(
        "trade_participants",
        "III.5",
        "Lượt người tham gia xúc tiến thương mại",
        "lượt người",
        "activities",
        _activity("fair", "matching"),
        "sum:participants",
    ),
    I(
        "trade_cooperatives",
        "III.5",
        "Lượt HTX/THT tham gia xúc tiến thương mại",
        "lượt HTX/THT",
        "activities",
        _activity("fair", "matching"),
        "sum:participants_cooperatives",
    ),
    I(
        "ecommerce_onboarding",
        "III.5",
        "Lượt hỗ trợ đưa sản phẩm lên sàn TMĐT",
        "lượt",
        "activities",
        _activity("ecommerce_onboarding"),
    ),
    I(
        "producers_ecommerce",
        "III.5",
        "Hộ bán hàng trên sàn thương mại điện tử",
        "hộ",
        "producers",
        lambda t, p: _registered(t, p) & t["producers"]["ecommerce"].fillna(False).astype(bool),
        kind="stock",
    ),
    # III.6 policy
    I(
        "linkages_approved",
        "III.6",
        "Dự án liên kết được phê duyệt hỗ trợ",
        "dự án",
        "linkages",
        lambda t, p: _between(t["linkages"]["approved_on"], p),
    ),
    I(
        "support_vnd",
        "III.6",
        "Kinh phí hỗ trợ liên kết (NĐ 98/2018, NQ 143/2018)",
        "đồng",
        "linkages",
        lambda t, p: _between(t["linkages"]["approved_on"], p),
        "sum:support_vnd",
    ),
    I(
        "policy_events",
        "III.6",
        "Buổi phổ biến, triển khai chính sách",
        "cuộc",
        "activities",
        _activity("policy_dissemination"),
    ),
    # III.7 monitoring
    I("inspections", "III.7", "Cuộc kiểm tra, giám sát", "cuộc", "activities", _activity("inspection")),
    I("reviews", "III.7", "Hội nghị sơ kết, tổng kết", "cuộc", "activities", _activity("review")),
    I("replications", "III.7", "Mô hình liên kết được nhân rộng", "mô hình", "activities", _activity("replication")),
    # IV funding
    I(
        "budget_spent_vnd",
        "IV",
        "Kinh phí đã chi cho các hoạt động của kế hoạch",
        "đồng",
        "activities",
        lambda t, p: _between(t["activities"]["held_on"], p),
        "sum:cost_vnd",
    ),
)
_BY_ID = {i.id: i for i in CATALOGUE}


def selected(indicator: str, period: Period, tables: Tables) -> np.ndarray:
    """Which rows of its table an indicator counts for ``period`` (the one definition of "a linkage
    running", "a cooperative active" ...), as a boolean array."""
    return indicator_by_id(indicator).mask(tables, period)


def indicator_by_id(indicator: str) -> Indicator:
    """The catalogue entry of an indicator id.

    Raises
    ------
    UsageError
        For an id the catalogue does not have, naming the closest ones.
    """
    try:
        return _BY_ID[indicator]
    except KeyError:
        from rapidfuzz import process

        near = [m for m, _, _ in process.extract(str(indicator), list(_BY_ID), limit=3)]
        raise UsageError(f"Không có chỉ tiêu '{indicator}' (gần nhất: {', '.join(near)})") from None


def _prepared(tables: Tables) -> Tables:
    """A shallow copy of ``tables`` with lookups shared by several indicators computed once."""
    out = dict(tables)
    if "crops" in out and "producers" in out:
        out["_plot_owner_registered_on"] = _plot_owner_registered_on(out)
    return out


def indicators(period: Period, tables: Tables, *, targets: dict[str, float]) -> pd.DataFrame:
    """The whole indicator table for a period.

    Parameters
    ----------
    period : Period
        The reporting period.
    tables : dict of DataFrame
        The processed tables.
    targets : dict
        Indicator id -> this year's target (empty when the office set none).

    Returns
    -------
    DataFrame
        ``indicator, task, label, unit, kind, value, previous, change, change_pct, estimate, target,
        attainment_pct``; ``change_pct`` is empty when last year's figure was zero (there is no
        percentage of nothing). ``estimate`` is the figure to the period's nominal end: when the
        cut-off comes first, flows are extended at the pace of the days elapsed (whole numbers for
        counts), stocks stay as they are at the cut-off; otherwise it equals ``value``.
    """
    p = period
    prev = p.previous()
    tables = _prepared(tables)
    rows = []
    for ind in CATALOGUE:
        value = ind.value(tables, p)
        previous = ind.value(tables, prev)
        rows.append((ind.id, ind.task, ind.label, ind.unit, ind.kind, value, previous))
    df = pd.DataFrame(rows, columns=["indicator", "task", "label", "unit", "kind", "value", "previous"])
    df["change"] = df["value"] - df["previous"]
    df["change_pct"] = np.where(
        df["previous"] != 0, df["change"] / df["previous"].where(df["previous"] != 0) * 100, np.nan
    )
    df["estimate"] = estimate(df["value"], df["kind"], df["unit"], p)
    df["target"] = df["indicator"].map(targets).astype(float)
    df["attainment_pct"] = df["value"] / df["target"] * 100
    return df


#: Units whose estimates keep decimals; every other unit counts things, estimated in whole numbers.
CONTINUOUS_UNITS = frozenset({"ha", "tấn", "đồng"})


def estimate(value: pd.Series, kind: pd.Series, unit: pd.Series, period: Period) -> pd.Series:
    """Figures to the nominal end of ``period`` from figures to its cut-off (see :func:`indicators`)."""
    if not period.is_partial:
        return value.astype(float)
    elapsed = (period.cutoff - period.start).days + 1
    whole = (period.end - period.start).days + 1
    pro_rata = value.astype(float) * whole / elapsed
    pro_rata = pro_rata.where(unit.isin(CONTINUOUS_UNITS), np.round(pro_rata))
    return pro_rata.where(kind == "flow", value.astype(float))


def breakdown(indicator: str, period: Period, tables: Tables, by: str = "khu_pho") -> pd.DataFrame:
    """An indicator split by ``by`` (``khu_pho``, ``crop``, ``kind``, ``support_item`` ...).

    Returns ``by, value, previous`` with one row per group, largest first; rows without a value of
    ``by`` are grouped as ``(không rõ)``.
    """
    ind = indicator_by_id(indicator)
    p = period
    if by not in tables[ind.table].columns:
        raise UsageError(
            f"Chỉ tiêu '{indicator}' không chia được theo '{by}': bảng {ind.table} không có cột đó "
            f"(có: {', '.join(c for c in tables[ind.table].columns if not c.startswith('source_'))})"
        )
    tables = _prepared(tables)
    out = {}
    for name, per in (("value", p), ("previous", p.previous())):
        df = ind.frame(tables, per, extra=(by,))
        groups = df[by].astype("string").fillna("(không rõ)")
        out[name] = (
            df.groupby(groups.to_numpy()).apply(ind.aggregate, include_groups=False)
            if len(df)
            else pd.Series(dtype=float)
        )
    result = pd.DataFrame(out).fillna(0.0).rename_axis(by).reset_index()
    return result.sort_values(["value", by], ascending=[False, True], ignore_index=True)
