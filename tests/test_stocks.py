"""Every stock indicator is what is in force on the cut-off day, never what overlapped the period.

Each stock of the catalogue is pinned on its boundary dates with one record on small hand-made tables:
begun the day after the cut-off, on it, the day before; ended (expired, dissolved) the day before, on
it, the day after; no end date; a linkage whose status says it ended but gives no date; a record on the
list with no beginning date. The same cases, a year earlier, decide last year's figure at last year's
cut-off. Every flow, for contrast, is pinned on the period's first day and its cut-off day. Tests check
that no indicator of the catalogue is left out.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace

import pandas as pd
import pytest

from lkdata.api import parse_period
from lkdata.io.reference import load_plan
from lkdata.plan.indicators import indicators

PLAN = load_plan()
WARD = {"due": {"semiannual": "05-10", "annual": "11-15"}, "cutoff_margin_days": 5}
H1 = parse_period("2026-H1", WARD)  # cut-off 05/5/2026; a year earlier: 05/5/2025
YEAR = parse_period("2026", WARD)  # cut-off 10/11/2026; a year earlier: 10/11/2025
LONG_AGO = -4000  # days before the cut-off: a date that never decides anything

COLUMNS = {
    "producers": {"producer_id": "string", "khu_pho": "string", "main_crop": "string", "gap_standard": "string",
                  "gap_issued_on": "datetime64[ns]", "gap_expires_on": "datetime64[ns]", "farm_area_ha": "float64",
                  "ecommerce": "boolean", "registered_on": "datetime64[ns]"},
    "crops": {"plot_id": "string", "producer_id": "string", "khu_pho": "string", "crop": "string",
              "area_ha": "float64", "growing_area_code": "string", "gap_standard": "string"},
    "cooperatives": {"cooperative_id": "string", "kind": "string", "established_on": "datetime64[ns]",
                     "dissolved_on": "datetime64[ns]", "khu_pho": "string", "members": "Int64",
                     "managers_trained": "Int64", "credit_access": "boolean", "ocop_product": "string",
                     "ocop_stars": "Int64", "ocop_year": "Int64"},
    "linkages": {"linkage_id": "string", "crop": "string", "cooperative_ids": "string", "households": "Int64",
                 "area_ha": "float64", "volume_t": "float64", "contract_value_vnd": "Int64",
                 "start_on": "datetime64[ns]", "end_on": "datetime64[ns]", "approved_on": "datetime64[ns]",
                 "support_vnd": "Int64", "status": "string"},
    "activities": {"kind": "string", "held_on": "datetime64[ns]", "khu_pho": "string", "participants": "Int64",
                   "participants_households": "Int64", "participants_cooperatives": "Int64",
                   "participants_enterprises": "Int64", "cost_vnd": "Int64"},
}  # fmt: skip


def make_tables(**records: list[dict]) -> dict[str, pd.DataFrame]:
    """Processed-like tables holding the given records (every other table empty, with its columns)."""
    out = {}
    for name, dtypes in COLUMNS.items():
        rows = records.get(name, [])
        df = pd.DataFrame(rows, columns=list(dtypes)) if rows else pd.DataFrame(columns=list(dtypes))
        out[name] = df.astype(dtypes)
    return out


def figures(period, tables, indicator: str) -> pd.Series:
    """One indicator's row of the indicator table (a plan of that indicator alone: the same code, faster)."""
    alone = replace(PLAN, indicators=(PLAN.indicator(indicator),))
    return indicators(period, tables, targets={}, plan=alone).set_index("indicator").loc[indicator]


def day(cut: pd.Timestamp, offset: int | None) -> pd.Timestamp:
    return pd.NaT if offset is None else cut + pd.Timedelta(days=offset)


# --- one record per family, its dates relative to the cut-off --------------------------------------------


def linkage(cut, start=LONG_AGO, end=None, status="đang thực hiện", founded=LONG_AGO, dissolved=None):
    coop = {"cooperative_id": "C1", "kind": "HTX", "established_on": day(cut, founded),
            "dissolved_on": day(cut, dissolved), "khu_pho": "Khu phố 1", "members": 20}  # fmt: skip
    lk = {"linkage_id": "L1", "crop": "bơ", "cooperative_ids": "C1", "households": 10, "area_ha": 5.5,
          "volume_t": 55.0, "contract_value_vnd": 10**9, "start_on": day(cut, start), "end_on": day(cut, end),
          "status": status}  # fmt: skip
    return make_tables(linkages=[lk], cooperatives=[coop])


def cooperative(cut, founded=LONG_AGO, dissolved=None, kind="HTX", stars=3):
    return make_tables(cooperatives=[{
        "cooperative_id": "C1", "kind": kind, "established_on": day(cut, founded), "dissolved_on": day(cut, dissolved),
        "khu_pho": "Khu phố 1", "members": 20, "managers_trained": 2, "credit_access": True,
        "ocop_product": "Bưởi", "ocop_stars": stars, "ocop_year": cut.year - 1,
    }])  # fmt: skip


def household(cut, registered=LONG_AGO, issued=LONG_AGO, expires=400, standard="VietGAP", plots=True):
    producer = {"producer_id": "P1", "khu_pho": "Khu phố 1", "main_crop": "bơ", "gap_standard": standard,
                "gap_issued_on": day(cut, issued), "gap_expires_on": day(cut, expires), "farm_area_ha": 3.0,
                "ecommerce": True, "registered_on": day(cut, registered)}  # fmt: skip
    plot = {"plot_id": "V1", "producer_id": "P1", "khu_pho": "Khu phố 1", "crop": "bơ", "area_ha": 1.25,
            "growing_area_code": "VN-DNOR-0001", "gap_standard": standard}  # fmt: skip
    return make_tables(producers=[producer], crops=[plot] if plots else [])


@dataclass(frozen=True)
class Stock:
    """A stock indicator, how one record of it is made, and its figure when that record counts."""

    indicator: str
    make: Callable[..., dict[str, pd.DataFrame]]
    full: float
    options: tuple = ()  # keyword arguments the maker always takes for this indicator
    undated: bool = False  # an attribute with no date: its year-ago comes from the processed data of then


STOCKS = [
    Stock("linkages_active", linkage, 1),
    Stock("linkage_households", linkage, 10),
    Stock("linkage_cooperatives", linkage, 1),
    Stock("linkage_area_ha", linkage, 5.5),
    Stock("linkage_volume_t", linkage, 55.0),
    Stock("linkage_contract_value_vnd", linkage, 10**9),
    Stock("coops_active", cooperative, 1),
    Stock("htx_active", cooperative, 1),
    Stock("tht_active", cooperative, 1, (("kind", "THT"),)),
    Stock("coop_members", cooperative, 20, undated=True),
    Stock("coop_managers_trained", cooperative, 2, undated=True),
    Stock("coops_credit_access", cooperative, 1, undated=True),
    Stock("ocop_products", cooperative, 1),
    Stock("ocop_3_star", cooperative, 1),
    Stock("ocop_4_star", cooperative, 1, (("stars", 4),)),
    Stock("ocop_5_star", cooperative, 1, (("stars", 5),)),
    Stock("producers_registered", household, 1),
    Stock("producers_ecommerce", household, 1, undated=True),
    Stock("producers_certified", household, 1),
    Stock("producers_vietgap", household, 1),
    Stock("producers_globalgap", household, 1, (("standard", "GlobalGAP"),)),
    Stock("producers_organic", household, 1, (("standard", "hữu cơ"),)),
    Stock("certified_area_ha", household, 1.25),  # the certified plot's area, not the farm's 3,0 ha
    Stock("growing_area_codes", household, 1, undated=True),
    Stock("growing_area_code_area_ha", household, 1.25, undated=True),
]
BY_ID = {s.indicator: s for s in STOCKS}

#: (family maker, case, keyword arguments, counted?)
CASES = [
    (linkage, "ended the day before the cut-off", {"end": -1}, False),
    (linkage, "ended on the cut-off day (its last day)", {"end": 0}, True),
    (linkage, "ends the day after the cut-off", {"end": 1}, True),
    (linkage, "started the day after the cut-off", {"start": 1}, False),
    (linkage, "started on the cut-off day", {"start": 0}, True),
    (linkage, "no end date, running", {}, True),
    (linkage, "no end date, no status", {"status": None}, True),
    (linkage, "no end date, status 'đã kết thúc'", {"status": "đã kết thúc"}, False),
    (linkage, "no end date, status 'Đã thanh lý hợp đồng'", {"status": "Đã thanh lý hợp đồng"}, False),
    (linkage, "no end date, status 'chưa kết thúc'", {"status": "chưa kết thúc"}, True),
    (linkage, "status 'đã kết thúc' but the end date is after the cut-off", {"end": 30, "status": "đã kết thúc"},
     True),
    (cooperative, "founded the day after the cut-off", {"founded": 1}, False),
    (cooperative, "founded on the cut-off day", {"founded": 0}, True),
    (cooperative, "no founding date", {"founded": None}, True),
    (cooperative, "dissolved the day before the cut-off", {"dissolved": -1}, False),
    (cooperative, "dissolved on the cut-off day (gone by its end)", {"dissolved": 0}, False),
    (cooperative, "dissolved the day after the cut-off", {"dissolved": 1}, True),
    (household, "registered the day after the cut-off", {"registered": 1}, False),
    (household, "registered on the cut-off day", {"registered": 0}, True),
    (household, "no registration date", {"registered": None}, True),
]  # fmt: skip
CERTIFICATE_CASES = [
    ("issued the day after the cut-off", {"issued": 1}, False),
    ("issued on the cut-off day", {"issued": 0}, True),
    ("expired the day before the cut-off", {"expires": -1}, False),
    ("expires on the cut-off day", {"expires": 0}, True),
    ("expires the day after the cut-off", {"expires": 1}, True),
]
CERTIFIED = ("producers_certified", "producers_vietgap", "producers_globalgap", "producers_organic",
             "certified_area_ha")  # fmt: skip
#: The cooperative of a linkage must exist on the cut-off for the linkage to count it as taking part.
MEMBER_CASES = [
    ("its cooperative founded the day after the cut-off", {"founded": 1}, False),
    ("its cooperative founded on the cut-off day", {"founded": 0}, True),
    ("its cooperative dissolved on the cut-off day", {"dissolved": 0}, False),
    ("its cooperative has no founding date", {"founded": None}, True),
]


def _params():
    for stock in STOCKS:
        for maker, case, kwargs, counted in CASES:
            if maker is stock.make:
                yield pytest.param(stock.indicator, kwargs, counted, id=f"{stock.indicator}: {case}")
        if stock.indicator in CERTIFIED:
            for case, kwargs, counted in CERTIFICATE_CASES:
                yield pytest.param(stock.indicator, kwargs, counted, id=f"{stock.indicator}: {case}")
    for case, kwargs, counted in MEMBER_CASES:
        yield pytest.param("linkage_cooperatives", kwargs, counted, id=f"linkage_cooperatives: {case}")


@pytest.mark.parametrize("period", [H1, YEAR], ids=["2026-H1", "2026"])
@pytest.mark.parametrize(("indicator", "kwargs", "counted"), list(_params()))
def test_a_stock_counts_what_is_in_force_on_the_cut_off(indicator, kwargs, counted, period):
    stock = BY_ID[indicator]
    options = dict(stock.options)
    cut = pd.Timestamp(period.cutoff)
    assert figures(period, stock.make(cut, **options, **kwargs), indicator)["value"] == pytest.approx(
        stock.full if counted else 0
    )
    # the same record a year earlier decides last year's figure at last year's cut-off
    if not stock.undated:
        before = pd.Timestamp(period.previous().cutoff)
        assert figures(period, stock.make(before, **options, **kwargs), indicator)["previous"] == pytest.approx(
            stock.full if counted else 0
        )


def test_every_stock_of_the_catalogue_is_pinned_on_its_boundaries():
    stocks = {i.id for i in PLAN.indicators if i.kind == "stock"}
    assert stocks == set(BY_ID)
    pinned = {p.values[0] for p in _params()}
    assert pinned == stocks


def test_a_linkage_ended_on_a_day_nobody_gave_is_not_running_and_is_named():
    cut = pd.Timestamp(H1.cutoff)
    df = indicators(H1, linkage(cut, status="Đã kết thúc"), targets={}, plan=PLAN).set_index("indicator")
    for ind in ("linkages_active", "linkage_area_ha", "linkage_households"):
        assert df.at[ind, "value"] == 0 and df.at[ind, "unknown"] == 1, ind
        assert df.at[ind, "unknown_note"] == "chưa có thông tin ngày kết thúc của 1 liên kết", ind


@pytest.mark.parametrize(
    ("records", "indicator", "note"),
    [
        (household(pd.Timestamp(H1.cutoff), registered=None), "producers_registered",
         "1 hộ chưa có ngày đăng ký vẫn được tính là có trong danh sách"),
        (household(pd.Timestamp(H1.cutoff), registered=None), "growing_area_codes",
         "1 thửa của hộ chưa có ngày đăng ký vẫn được tính"),
        (cooperative(pd.Timestamp(H1.cutoff), founded=None), "coops_active",
         "1 HTX/THT chưa có ngày thành lập vẫn được tính là đã thành lập"),
        (linkage(pd.Timestamp(H1.cutoff), founded=None), "linkage_cooperatives",
         "1 HTX/THT chưa có ngày thành lập vẫn được tính là đã thành lập"),
        (household(pd.Timestamp(H1.cutoff), plots=False), "certified_area_ha",
         "1 hộ chưa kê khai thửa thì tính theo diện tích canh tác của hộ"),
    ],
    ids=["household", "plot", "cooperative", "cooperative in a linkage", "farm area for plots"],
)  # fmt: skip
def test_what_a_stock_counts_on_an_assumption_its_note_says(records, indicator, note):
    df = indicators(H1, records, targets={}, plan=PLAN).set_index("indicator")
    assert df.at[indicator, "value"] > 0  # counted: on the list today, only when it joined is unknown
    assert df.at[indicator, "unknown_note"] == note


def test_certified_area_is_the_certified_plots_with_the_farm_area_only_for_a_household_without_plots():
    cut = pd.Timestamp(H1.cutoff)
    t = household(cut)
    extra_plot = {"plot_id": "V2", "producer_id": "P1", "khu_pho": "Khu phố 1", "crop": "mít", "area_ha": 0.75,
                  "growing_area_code": None, "gap_standard": "không"}  # fmt: skip
    t["crops"] = pd.concat([t["crops"], pd.DataFrame([extra_plot]).astype(COLUMNS["crops"])], ignore_index=True)
    bare = household(cut, plots=False)["producers"].assign(producer_id="P2", farm_area_ha=2.5)
    t["producers"] = pd.concat([t["producers"], bare], ignore_index=True)
    late = household(cut, registered=1, plots=False)["producers"].assign(producer_id="P3", farm_area_ha=9.0)
    t["producers"] = pd.concat([t["producers"], late], ignore_index=True)
    df = indicators(H1, t, targets={}, plan=PLAN).set_index("indicator")
    # P1's certified plot (1,25 ha; its 0,75 ha plot is not certified), P2's farm (2,5 ha, no plot row);
    # P3 was certified but registered after the cut-off
    assert df.at["certified_area_ha", "value"] == pytest.approx(1.25 + 2.5)
    assert df.at["producers_certified", "value"] == 2
    assert (
        df.at["certified_area_ha", "unknown_note"] == "1 hộ chưa kê khai thửa thì tính theo diện tích canh tác của hộ"
    )
    # a plot with no standard of a household with none ("không") has none: nothing unknown about it
    t2 = household(cut, standard="không", issued=None, expires=None)
    t2["crops"]["gap_standard"] = pd.array([None], dtype="string")
    df = indicators(H1, t2, targets={}, plan=PLAN).set_index("indicator")
    assert (df.at["certified_area_ha", "value"], df.at["certified_area_ha", "unknown"]) == (0, 0)


def test_cooperatives_in_linkages_are_distinct():
    cut = pd.Timestamp(H1.cutoff)
    t = linkage(cut)
    second = t["linkages"].assign(linkage_id="L2", cooperative_ids="C1; C2")
    t["linkages"] = pd.concat([t["linkages"], second], ignore_index=True)
    c2 = t["cooperatives"].assign(cooperative_id="C2", established_on=cut + pd.Timedelta(days=1))
    t["cooperatives"] = pd.concat([t["cooperatives"], c2], ignore_index=True)
    df = indicators(H1, t, targets={}, plan=PLAN).set_index("indicator")
    assert df.at["linkage_cooperatives", "value"] == 1  # C1 twice; C2 founded the day after the cut-off
    assert df.at["linkage_households", "value"] == 20  # a sum over contracts: "lượt hộ", as its unit says
    assert PLAN.indicator("linkage_households").unit == "lượt hộ"


# --- flows, for contrast: what happened from the period's start to its cut-off day, both included ---------------

#: flow indicator -> (table, its date column, the record, the figure when it counts)
_EVENT = {"khu_pho": "Khu phố 1", "participants": 12, "participants_households": 6, "participants_cooperatives": 2,
          "participants_enterprises": 1, "cost_vnd": 3_000_000}  # fmt: skip
_LINKAGE = {"linkage_id": "L1", "crop": "bơ", "cooperative_ids": None, "households": 10, "area_ha": 5.5,
            "volume_t": 55.0, "contract_value_vnd": 10**9, "support_vnd": 200_000_000, "status": None}  # fmt: skip
_COOP = {"cooperative_id": "C1", "kind": "HTX", "khu_pho": "Khu phố 1", "members": 20}
FLOWS = {
    "training_courses": ("activities", "held_on", {**_EVENT, "kind": "training"}, 1),
    "training_participants": ("activities", "held_on", {**_EVENT, "kind": "training"}, 12),
    "training_households": ("activities", "held_on", {**_EVENT, "kind": "training"}, 6),
    "training_cooperatives": ("activities", "held_on", {**_EVENT, "kind": "training"}, 2),
    "training_enterprises": ("activities", "held_on", {**_EVENT, "kind": "training"}, 1),
    "communication_events": ("activities", "held_on", {**_EVENT, "kind": "communication"}, 1),
    "broadcasts": ("activities", "held_on", {**_EVENT, "kind": "broadcast"}, 1),
    "news_items": ("activities", "held_on", {**_EVENT, "kind": "news"}, 1),
    "linkage_support_events": ("activities", "held_on", {**_EVENT, "kind": "linkage_support"}, 1),
    "coop_training_events": ("activities", "held_on", {**_EVENT, "kind": "coop_training"}, 1),
    "technical_events": ("activities", "held_on", {**_EVENT, "kind": "technical_transfer"}, 1),
    "fairs": ("activities", "held_on", {**_EVENT, "kind": "fair"}, 1),
    "matching_events": ("activities", "held_on", {**_EVENT, "kind": "matching"}, 1),
    "trade_participants": ("activities", "held_on", {**_EVENT, "kind": "matching"}, 12),
    "trade_cooperatives": ("activities", "held_on", {**_EVENT, "kind": "fair"}, 2),
    "ecommerce_onboarding": ("activities", "held_on", {**_EVENT, "kind": "ecommerce_onboarding"}, 1),
    "policy_events": ("activities", "held_on", {**_EVENT, "kind": "policy_dissemination"}, 1),
    "inspections": ("activities", "held_on", {**_EVENT, "kind": "inspection"}, 1),
    "reviews": ("activities", "held_on", {**_EVENT, "kind": "review"}, 1),
    "replications": ("activities", "held_on", {**_EVENT, "kind": "replication"}, 1),
    "budget_spent_vnd": ("activities", "held_on", {**_EVENT, "kind": "review"}, 3_000_000),
    "linkages_new": ("linkages", "start_on", _LINKAGE, 1),
    "linkages_approved": ("linkages", "approved_on", {**_LINKAGE, "start_on": pd.Timestamp("2015-01-01")}, 1),
    "support_vnd": ("linkages", "approved_on", {**_LINKAGE, "start_on": pd.Timestamp("2015-01-01")}, 200_000_000),
    "coops_new": ("cooperatives", "established_on", _COOP, 1),
    "coops_dissolved": ("cooperatives", "dissolved_on", {**_COOP, "established_on": pd.Timestamp("2000-01-01")}, 1),
}
FLOW_DAYS = [("the day before the period's start", "start", -1, False), ("the period's first day", "start", 0, True),
             ("the cut-off day", "cutoff", 0, True), ("the day after the cut-off", "cutoff", 1, False)]  # fmt: skip


@pytest.mark.parametrize(("when", "anchor", "offset", "counted"), FLOW_DAYS, ids=[d[0] for d in FLOW_DAYS])
@pytest.mark.parametrize("indicator", sorted(FLOWS))
def test_a_flow_counts_what_happened_from_the_start_to_the_cut_off(indicator, when, anchor, offset, counted):
    table, column, record, full = FLOWS[indicator]
    for period, which in ((H1, "value"), (H1.previous(), "previous")):
        edge = pd.Timestamp(getattr(period, anchor)) + pd.Timedelta(days=offset)
        got = figures(H1, make_tables(**{table: [{**record, column: edge}]}), indicator)[which]
        assert got == pytest.approx(full if counted else 0), (which, edge)


def test_every_flow_of_the_catalogue_is_pinned_on_its_boundaries():
    assert {i.id for i in PLAN.indicators if i.kind == "flow"} == set(FLOWS)
