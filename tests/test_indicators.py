"""Indicators on small hand-built tables; every expected figure is worked out by hand below.

Period 2026-H1: start 01/01/2026, cut-off 05/5/2026 (due 10/5 minus 5 days).
Comparable period 2025-H1: start 01/01/2025, cut-off 05/5/2025.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from lkdata.api import parse_period
from lkdata.io.reference import load_plan
from lkdata.plan.indicators import breakdown, indicators

PLAN = load_plan()
TASKS, CATALOGUE = PLAN.tasks, PLAN.indicators

WARD = {"due": {"semiannual": "05-10", "annual": "11-15"}, "cutoff_margin_days": 5}
H1 = parse_period("2026-H1", WARD)
T = pd.Timestamp
NaT = pd.NaT
NAN = float("nan")


def frame(rows: list[dict], dates: tuple[str, ...] = ()) -> pd.DataFrame:
    df = pd.DataFrame(rows)
    for c in dates:
        df[c] = pd.to_datetime(df[c])
    return df


@pytest.fixture
def tables() -> dict[str, pd.DataFrame]:
    activities = frame([
        # trainings: on the cut-off day (counts), the day after (does not), last year inside (counts there)
        {"kind": "training", "held_on": "2026-05-05", "participants": 40, "participants_households": 30,
         "participants_cooperatives": 2, "participants_enterprises": 1, "cost_vnd": 10_000_000, "khu_pho": "Khu phố 1"},
        {"kind": "training", "held_on": "2026-05-06", "participants": 99, "participants_households": 99,
         "participants_cooperatives": 9, "participants_enterprises": 9, "cost_vnd": 99_000_000, "khu_pho": "Khu phố 1"},
        {"kind": "training", "held_on": "2026-01-01", "participants": 20, "participants_households": 20,
         "participants_cooperatives": 0, "participants_enterprises": 0, "cost_vnd": 5_000_000, "khu_pho": "Khu phố 2"},
        {"kind": "training", "held_on": "2025-03-01", "participants": 50, "participants_households": 45,
         "participants_cooperatives": 3, "participants_enterprises": 2, "cost_vnd": 8_000_000, "khu_pho": "Khu phố 2"},
        # last year after its cut-off (05/5/2025): does not count for 2025-H1
        {"kind": "training", "held_on": "2025-05-06", "participants": 70, "participants_households": 70,
         "participants_cooperatives": 0, "participants_enterprises": 0, "cost_vnd": 1_000_000, "khu_pho": None},
        {"kind": "inspection", "held_on": "2026-02-01", "participants": 0, "participants_households": 0,
         "participants_cooperatives": 0, "participants_enterprises": 0, "cost_vnd": 0, "khu_pho": None},
    ], ("held_on",))  # fmt: skip
    cooperatives = frame([
        # active throughout
        {"cooperative_id": "C1", "kind": "HTX", "established_on": "2015-01-01", "dissolved_on": None, "members": 50,
         "managers_trained": 2, "credit_access": True, "ocop_stars": 4, "ocop_year": 2025},
        # dissolved inside the period: active last year, not now
        {"cooperative_id": "C2", "kind": "THT", "established_on": "2016-01-01", "dissolved_on": "2026-02-27",
         "members": 10, "managers_trained": 0, "credit_access": False, "ocop_stars": None, "ocop_year": None},
        # new in the period
        {"cooperative_id": "C3", "kind": "HTX", "established_on": "2026-03-12", "dissolved_on": None, "members": 20,
         "managers_trained": 1, "credit_access": False, "ocop_stars": 3, "ocop_year": 2026},
        # established after the cut-off: not yet
        {"cooperative_id": "C4", "kind": "HTX", "established_on": "2026-06-01", "dissolved_on": None, "members": 99,
         "managers_trained": 9, "credit_access": True, "ocop_stars": None, "ocop_year": None},
        # dissolved on the cut-off day: gone at the end of the cut-off day
        {"cooperative_id": "C5", "kind": "THT", "established_on": "2010-01-01", "dissolved_on": "2026-05-05",
         "members": 7, "managers_trained": 0, "credit_access": False, "ocop_stars": None, "ocop_year": None},
    ], ("established_on", "dissolved_on"))  # fmt: skip
    producers = frame(
        [
            # VietGAP valid at both cut-offs
            {
                "producer_id": "P1",
                "gap_standard": "VietGAP",
                "gap_issued_on": "2024-06-01",
                "gap_expires_on": "2027-06-01",
                "farm_area_ha": 2.0,
                "ecommerce": True,
                "registered_on": "2020-01-01",
                "khu_pho": "Khu phố 1",
            },
            # expires inside the period: valid last year, not at this cut-off
            {
                "producer_id": "P2",
                "gap_standard": "VietGAP",
                "gap_issued_on": "2023-03-01",
                "gap_expires_on": "2026-03-01",
                "farm_area_ha": 1.5,
                "ecommerce": False,
                "registered_on": "2020-01-01",
                "khu_pho": "Khu phố 1",
            },
            # expires on the cut-off day: still valid
            {
                "producer_id": "P3",
                "gap_standard": "GlobalGAP",
                "gap_issued_on": "2025-05-05",
                "gap_expires_on": "2026-05-05",
                "farm_area_ha": 3.0,
                "ecommerce": True,
                "registered_on": "2026-04-01",
                "khu_pho": "Khu phố 2",
            },
            # no certificate
            {
                "producer_id": "P4",
                "gap_standard": "không",
                "gap_issued_on": None,
                "gap_expires_on": None,
                "farm_area_ha": 9.0,
                "ecommerce": True,
                "registered_on": "2026-06-01",
                "khu_pho": "Khu phố 2",
            },
        ],
        ("gap_issued_on", "gap_expires_on", "registered_on"),
    )
    crops = pd.DataFrame(
        [  # the certified area is the area of the certified plots, not the households' farm area
            {
                "producer_id": "P1",
                "growing_area_code": "VN-DNOR-0001",
                "area_ha": 1.0,
                "crop": "sầu riêng",
                "gap_standard": "VietGAP",
            },
            {
                "producer_id": "P1",
                "growing_area_code": "VN-DNOR-0001",
                "area_ha": 0.5,
                "crop": "sầu riêng",
                "gap_standard": "VietGAP",
            },
            {
                "producer_id": "P3",
                "growing_area_code": "VN-DNOR-0002",
                "area_ha": 2.0,
                "crop": "bơ",
                "gap_standard": "GlobalGAP",
            },  # household registered 01/4/2026
            {
                "producer_id": "P4",
                "growing_area_code": "VN-DNOR-0003",
                "area_ha": 4.0,
                "crop": "bơ",
                "gap_standard": "không",
            },  # household registered after the cut-off
            {"producer_id": "P2", "growing_area_code": None, "area_ha": 1.5, "crop": "mít", "gap_standard": "VietGAP"},
        ]
    ).assign(khu_pho=lambda d: d["producer_id"].map({"P1": "Khu phố 1", "P2": "Khu phố 1"}).fillna("Khu phố 2"))
    linkages = frame([
        # running in both periods
        {"start_on": "2024-01-01", "end_on": None, "households": 30, "area_ha": 50.0, "volume_t": 400.0,
         "contract_value_vnd": 1_000_000_000, "cooperative_ids": "C1; C2", "approved_on": "2023-11-01",
         "support_vnd": 200_000_000, "crop": "sầu riêng", "status": "đang thực hiện"},
        # new in the period, approved in the period
        {"start_on": "2026-02-15", "end_on": "2028-02-15", "households": 20, "area_ha": 30.0, "volume_t": 100.0,
         "contract_value_vnd": 500_000_000, "cooperative_ids": "C2", "approved_on": "2026-01-10",
         "support_vnd": 150_000_000, "crop": "bơ", "status": "đang thực hiện"},
        # ended before this period started: counted last year only
        {"start_on": "2023-06-01", "end_on": "2025-12-31", "households": 15, "area_ha": 20.0, "volume_t": 80.0,
         "contract_value_vnd": 300_000_000, "cooperative_ids": "C3", "approved_on": None, "support_vnd": None,
         "crop": "mít", "status": "đã kết thúc"},
        # starts after the cut-off: not yet
        {"start_on": "2026-06-01", "end_on": None, "households": 99, "area_ha": 99.0, "volume_t": 99.0,
         "contract_value_vnd": 9_000_000_000, "cooperative_ids": "C9", "approved_on": "2026-05-20",
         "support_vnd": 999_000_000, "crop": "bơ", "status": None},
    ], ("start_on", "end_on", "approved_on"))  # fmt: skip
    return {
        "activities": activities,
        "cooperatives": cooperatives,
        "producers": producers,
        "crops": crops,
        "linkages": linkages,
    }


def test_period_edges_and_the_comparable_period(tables):
    df = indicators(H1, tables, targets={"training_courses": 4}, plan=PLAN).set_index("indicator")
    expected = {
        # id: (value 2026-H1, value 2025-H1)
        "training_courses": (2, 1),  # 05/5/2026 and 01/01/2026; last year 01/3/2025 (06/5/2025 is after its cut-off)
        "training_participants": (60, 50),
        "training_households": (50, 45),
        "training_cooperatives": (2, 3),
        "training_enterprises": (1, 2),
        "inspections": (1, 0),
        "budget_spent_vnd": (15_000_000, 8_000_000),  # the 99 million event is after the cut-off
        "coops_active": (2, 3),  # 2015 HTX + new 2026 HTX; last year 2015 HTX + two THT
        "htx_active": (2, 1),
        "tht_active": (0, 2),  # one THT dissolved 27/02, the other on the cut-off day itself
        "coops_new": (1, 0),
        "coops_dissolved": (2, 0),
        # members, managers trained, credit access carry no date, and these tables come with no history:
        # last year's figures are unknown, never today's values applied to last year's cooperatives
        "coop_members": (70, NAN),  # 50+20
        "coop_managers_trained": (3, NAN),
        "coops_credit_access": (1, NAN),
        "ocop_products": (2, 1),  # 4-star (2025) + 3-star (2026); last year only the 2025 one
        "ocop_3_star": (1, 0),
        "ocop_4_star": (1, 1),
        "producers_vietgap": (1, 2),  # P2 expired 01/3/2026
        # P3's GlobalGAP was issued on 05/5/2025, last year's cut-off day, and was valid then; but P3 came on the
        # list on 01/4/2026: a stock counts only the records that existed at its cut-off
        "producers_globalgap": (1, 0),
        # the certified plots: P1's 1,0 + 0,5 ha and P3's 2,0 ha (not the farms' 2,0 + 3,0 ha); last year P1's and
        # P2's 1,5 ha each (P2's certificate expired 01/3/2026)
        "certified_area_ha": (1.5 + 2.0, 1.5 + 1.5),
        "producers_ecommerce": (2, NAN),  # P1 and P3 (registered 01/4/2026); last year: no history
        "growing_area_codes": (2, NAN),  # 0001 (twice) and 0002; P4 after the cut-off; last year: no history
        "growing_area_code_area_ha": (3.5, NAN),
        "linkages_active": (2, 2),
        "linkages_new": (1, 0),
        "linkage_households": (50, 45),
        # distinct cooperatives that exist on the cut-off, in linkages running on it: C1 (C2 was dissolved on
        # 27/02/2026); last year C1 and C2 (C3, named by a linkage running then, was founded only in 2026)
        "linkage_cooperatives": (1, 2),
        "linkage_area_ha": (80.0, 70.0),
        "linkage_volume_t": (500.0, 480.0),
        "linkage_contract_value_vnd": (1_500_000_000, 1_300_000_000),
        "linkages_approved": (1, 0),
        "support_vnd": (150_000_000, 0),
    }
    for key, (value, previous) in expected.items():
        assert (df.at[key, "value"], df.at[key, "previous"]) == pytest.approx((value, previous), nan_ok=True), key
    assert df.at["training_courses", "change"] == 1
    assert df.at["training_courses", "change_pct"] == pytest.approx(100.0)
    assert df.at["training_courses", "attainment_pct"] == pytest.approx(50.0)
    assert np.isnan(df.at["inspections", "change_pct"])  # last year zero: no percentage of nothing
    assert np.isnan(df.at["coops_active", "target"])
    # the cut-off (05/5) comes before the end of June: 125 of 181 days elapsed, flows are extended at that pace
    assert df.at["training_courses", "estimate"] == 3  # 2 x 181 / 125 = 2,9 -> a whole number of courses
    assert df.at["budget_spent_vnd", "estimate"] == pytest.approx(15_000_000 * 181 / 125)
    assert df.at["certified_area_ha", "estimate"] == pytest.approx(3.5)  # a stock stays as at the cut-off


def test_a_period_cut_off_at_its_end_needs_no_estimate(tables):
    whole = parse_period("2026-H1", cutoff="2026-06-30")
    df = indicators(whole, tables, targets={}, plan=PLAN)
    assert (df["estimate"] == df["value"]).all()


def test_table_shape_and_tasks(tables):
    df = indicators(H1, tables, targets={}, plan=PLAN)
    assert list(df.columns) == ["indicator", "task", "label", "unit", "kind", "value", "previous", "change",
                                "change_pct", "estimate", "target", "attainment_pct", "unknown",
                                "unknown_note"]  # fmt: skip
    assert set(df["task"]) == set(TASKS) == {f"III.{i}" for i in range(1, 8)} | {"IV"}
    assert df["indicator"].is_unique and len(df) == len(CATALOGUE)


def test_input_tables_are_not_changed(tables):
    before = {k: v.copy() for k, v in tables.items()}
    indicators(H1, tables, targets={}, plan=PLAN)
    for k in tables:
        pd.testing.assert_frame_equal(tables[k], before[k])


def test_breakdowns(tables):
    b = breakdown("training_participants", H1, tables, by="khu_pho", plan=PLAN)
    assert b.to_dict("list") == {"khu_pho": ["Khu phố 1", "Khu phố 2"], "value": [40.0, 20.0], "previous": [0.0, 50.0],
                                 "unknown": [0, 0]}  # fmt: skip
    b = breakdown("linkage_area_ha", H1, tables, by="crop", plan=PLAN)
    assert dict(zip(b["crop"], b["value"], strict=True)) == {"sầu riêng": 50.0, "bơ": 30.0, "mít": 0.0}


def test_on_the_committed_sample_every_task_compares_non_trivially(root):
    from lkdata.jobs.clean_run import run_clean

    tables = run_clean(root / "data" / "raw", root / "data" / "processed", write=False).tables
    for period in ("2026-H1", "2025"):
        df = indicators(parse_period(period), tables, targets={}, plan=PLAN)
        undated = df["indicator"].map(lambda i: bool(PLAN.indicator(i).undated))
        # without history, last year is unknown exactly for the indicators that read an undated attribute
        assert df["value"].notna().all() and (df["previous"].isna() == undated).all(), period
        moved = df[df["value"] != df["previous"]].groupby("task").size()
        assert set(moved.index) == set(TASKS), (period, set(TASKS) - set(moved.index))


ACTIVITY_INDICATORS = {
    # indicator: activity kinds it counts
    "communication_events": ("communication",),
    "broadcasts": ("broadcast",),
    "news_items": ("news",),
    "linkage_support_events": ("linkage_support",),
    "coop_training_events": ("coop_training",),
    "technical_events": ("technical_transfer",),
    "fairs": ("fair",),
    "matching_events": ("matching",),
    "ecommerce_onboarding": ("ecommerce_onboarding",),
    "policy_events": ("policy_dissemination",),
    "reviews": ("review",),
    "replications": ("replication",),
}


@pytest.mark.parametrize("indicator", sorted(ACTIVITY_INDICATORS))
def test_each_event_indicator_counts_its_kind_in_the_period_only(tables, indicator):
    (kind,) = ACTIVITY_INDICATORS[indicator]
    extra = frame([
        {"kind": kind, "held_on": "2026-03-03", "participants": 12, "participants_households": 5,
         "participants_cooperatives": 1, "participants_enterprises": 0, "cost_vnd": 0, "khu_pho": None},
        {"kind": kind, "held_on": "2026-05-06", "participants": 50, "participants_households": 50,
         "participants_cooperatives": 5, "participants_enterprises": 5, "cost_vnd": 0, "khu_pho": None},
        {"kind": kind, "held_on": "2025-02-02", "participants": 7, "participants_households": 7,
         "participants_cooperatives": 2, "participants_enterprises": 0, "cost_vnd": 0, "khu_pho": None},
        {"kind": kind, "held_on": "2025-04-04", "participants": 8, "participants_households": 8,
         "participants_cooperatives": 0, "participants_enterprises": 0, "cost_vnd": 0, "khu_pho": None},
    ], ("held_on",))  # fmt: skip
    t = {**tables, "activities": pd.concat([tables["activities"], extra], ignore_index=True)}
    df = indicators(H1, t, targets={}, plan=PLAN).set_index("indicator")
    assert (df.at[indicator, "value"], df.at[indicator, "previous"]) == (1, 2)
    if kind in ("fair", "matching"):
        # trade participants: 12 this period (the 50 are after the cut-off); 7 + 8 last year
        assert (df.at["trade_participants", "value"], df.at["trade_participants", "previous"]) == (12, 15)
        assert (df.at["trade_cooperatives", "value"], df.at["trade_cooperatives", "previous"]) == (1, 2)


def test_ocop_five_stars_and_unknown_target_ids(tables, tmp_path):
    from lkdata.errors import ReferenceDataError
    from lkdata.io.reference import load_targets

    coops = tables["cooperatives"].copy()
    coops.loc[0, "ocop_stars"] = 5
    df = indicators(H1, {**tables, "cooperatives": coops}, targets={}, plan=PLAN).set_index("indicator")
    assert (df.at["ocop_5_star", "value"], df.at["ocop_4_star", "value"]) == (1, 0)
    (tmp_path / "targets").mkdir()
    (tmp_path / "targets" / "2026.yaml").write_text("training_courses: 5\nno_such_indicator: 3\n", encoding="utf-8")
    with pytest.raises(ReferenceDataError, match="no_such_indicator"):
        load_targets(2026, tmp_path)
    (tmp_path / "targets" / "2026.yaml").write_text("training_courses: 5\n", encoding="utf-8")
    assert load_targets(2026, tmp_path) == {"training_courses": 5.0}
    assert load_targets(2031, tmp_path) == {}


def test_the_plan_is_passed_never_found(tables):
    """No hidden package plan: the plan functions take the plan their caller loaded."""
    import lkdata.plan.catalogue as catalogue
    import lkdata.plan.indicators as module

    assert not hasattr(module, "TASKS") and not hasattr(module, "CATALOGUE")
    assert not hasattr(catalogue, "default_plan") and not hasattr(catalogue, "set_default_plan_loader")
    with pytest.raises(TypeError, match="plan"):
        indicators(H1, tables, targets={})  # type: ignore[call-arg]


def test_a_plan_with_fewer_indicators_computes_only_those(tables):
    from dataclasses import replace

    small = replace(PLAN, indicators=tuple(i for i in CATALOGUE if i.task == "III.7"))
    df = indicators(H1, tables, targets={}, plan=small)
    assert list(df["indicator"]) == ["inspections", "reviews", "replications"]
    assert df.set_index("indicator").at["inspections", "value"] == 1


def test_certificates_expiring_in_the_days_after_the_cut_off():
    from lkdata.plan.selections import certificates_expiring

    cut = T("2026-05-05")
    days = [cut, cut + pd.Timedelta(days=1), cut + pd.Timedelta(days=90), cut + pd.Timedelta(days=91), NaT]
    producers = pd.DataFrame(
        {
            "gap_standard": ["VietGAP", "VietGAP", "GlobalGAP", "VietGAP", "VietGAP", "không", None],
            "gap_expires_on": [*days, cut + pd.Timedelta(days=10), cut + pd.Timedelta(days=10)],
        }
    )
    got = certificates_expiring({"producers": producers}, H1, 90).tolist()
    # the cut-off day itself is still valid (not "expiring after"); day 91 is outside; no standard never counts
    assert got == [False, True, True, False, False, False, False]
