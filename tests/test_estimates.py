"""The estimate to the period's end, indicator by indicator, by what each counts.

An office extends at the pace of the days elapsed what happens at a pace: events (trainings and their
participants, broadcasts, fairs, inspections, the activities' spending). It holds at the cut-off what is a
state (every stock) and what is a register's records counted one by one (new chains, new or dissolved
cooperatives, approved projects and the support approved with them): no pace foretells an approval, and a
register's new records must stay consistent with its running total. The expected rule of each indicator is
written here from what it counts (its table and kind), not read from lkdata's catalogue; the figures are
recomputed by hand from that definition on small hand-made tables where every indicator is something.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from lkdata.errors import ReferenceDataError
from lkdata.io.reference import load_plan
from lkdata.plan.catalogue import PLAN_FILES, parse_plan
from lkdata.plan.indicators import indicators
from lkdata.vn.fmt import round_half_up
from tests.test_stocks import H1, YEAR, make_tables

PLAN = load_plan()
REFERENCE = Path(__file__).resolve().parents[1] / "lkdata" / "reference"
SUOI_MAY = Path(__file__).resolve().parents[1] / "lkdata" / "sample_profiles" / "xa_suoi_may"

#: The tables whose records are events, which happen at a pace; every other table is a register.
EVENTS = {"activities"}
#: Units measured, not counted: their estimate keeps its decimals.
MEASURED = {"ha", "tấn", "đồng"}


def expected_rule(kind: str, table: str) -> str:
    """``pace`` for a flow of events; ``held`` for a stock and for a register's new records."""
    return "pace" if kind == "flow" and table in EVENTS else "held"


def _day(text: str) -> pd.Timestamp:
    return pd.Timestamp(text)


def _tables() -> dict[str, pd.DataFrame]:
    """One record or more for every indicator of the catalogue, in 2026 before the six-month cut-off (05/5)."""
    acts = []
    kinds = ["training", "communication", "broadcast", "news", "linkage_support", "coop_training",
             "technical_transfer", "fair", "matching", "ecommerce_onboarding", "policy_dissemination", "inspection",
             "review", "replication"]  # fmt: skip
    for i, kind in enumerate(kinds):
        for held_on in ("2026-02-03", "2026-04-20", "2026-04-28", "2026-05-05"):  # four of each, on the cut-off too
            acts.append({"kind": kind, "held_on": _day(held_on), "khu_pho": "Khu phố 1", "participants": 25 + i,
                         "participants_households": 20, "participants_cooperatives": 2, "participants_enterprises": 1,
                         "cost_vnd": 3_500_000})  # fmt: skip
    coops = [
        {"cooperative_id": "C1", "kind": "HTX", "established_on": _day("2015-01-01"), "khu_pho": "Khu phố 1",
         "members": 30, "managers_trained": 2, "credit_access": True, "ocop_product": "Bưởi", "ocop_stars": 3,
         "ocop_year": 2024},
        {"cooperative_id": "C2", "kind": "THT", "established_on": _day("2026-03-01"), "khu_pho": "Khu phố 2",
         "members": 12, "managers_trained": 1, "credit_access": False, "ocop_product": "Chôm chôm",
         "ocop_stars": 4, "ocop_year": 2026},
        {"cooperative_id": "C3", "kind": "HTX", "established_on": _day("2010-01-01"), "khu_pho": "Khu phố 3",
         "dissolved_on": _day("2026-04-01"), "members": 9, "ocop_product": "Mít", "ocop_stars": 5, "ocop_year": 2020},
        {"cooperative_id": "C4", "kind": "HTX", "established_on": _day("2012-01-01"), "khu_pho": "Khu phố 3",
         "members": 15, "ocop_product": "Sầu riêng", "ocop_stars": 5, "ocop_year": 2023},
    ]  # fmt: skip
    linkages = [
        {"linkage_id": "L1", "crop": "bưởi", "cooperative_ids": "C1", "households": 20, "area_ha": 12.5,
         "volume_t": 150.0, "contract_value_vnd": 2_000_000_000, "start_on": _day("2026-02-10"),
         "approved_on": _day("2026-03-15"), "support_vnd": 490_000_000, "status": "đang thực hiện"},
        {"linkage_id": "L2", "crop": "sầu riêng", "cooperative_ids": "C2", "households": 8, "area_ha": 6.0,
         "volume_t": 40.0, "contract_value_vnd": 900_000_000, "start_on": _day("2024-05-01"),
         "status": "đang thực hiện"},
    ]  # fmt: skip
    producers = [
        {"producer_id": f"P{i}", "khu_pho": "Khu phố 1", "main_crop": "bưởi", "gap_standard": std,
         "gap_issued_on": _day("2025-01-01"), "gap_expires_on": _day("2028-01-01"), "farm_area_ha": 1.0,
         "ecommerce": True, "registered_on": _day("2020-01-01")}
        for i, std in enumerate(("VietGAP", "GlobalGAP", "hữu cơ"))
    ]  # fmt: skip
    crops = [
        {"plot_id": f"T{i}", "producer_id": f"P{i}", "khu_pho": "Khu phố 1", "crop": "bưởi", "area_ha": 1.5,
         "growing_area_code": f"VN-DN-{i}", "gap_standard": std}
        for i, std in enumerate(("VietGAP", "GlobalGAP", "hữu cơ"))
    ]  # fmt: skip
    return make_tables(activities=acts, cooperatives=coops, linkages=linkages, producers=producers, crops=crops)


@pytest.fixture(scope="module")
def figures() -> dict[str, pd.DataFrame]:
    tables = _tables()
    return {p.key: indicators(p, tables, targets={}, plan=PLAN).set_index("indicator") for p in (H1, YEAR)}


@pytest.mark.parametrize("ind", PLAN.indicators, ids=lambda i: i.id)
@pytest.mark.parametrize("period", [H1, YEAR], ids=lambda p: p.key)
def test_every_indicator_is_estimated_by_the_rule_of_its_kind(ind, period, figures):
    assert period.is_partial  # the cut-off (05/5, 10/11) comes before the period's end (30/6, 31/12)
    row = figures[period.key].loc[ind.id]
    assert row["value"] > 0, "a figure of 0 would not tell the rules apart"
    rule = expected_rule(ind.kind, ind.table)
    assert ind.estimate == rule
    if rule == "held":
        assert row["estimate"] == row["value"]
        return
    elapsed = (period.cutoff - period.start).days + 1
    whole = (period.end - period.start).days + 1
    paced = row["value"] * whole / elapsed
    assert row["estimate"] == pytest.approx(paced if ind.unit in MEASURED else float(round_half_up(paced, 0)))
    assert row["estimate"] > row["value"]


def test_a_few_estimates_recomputed_from_their_definition(figures):
    acts = _tables()["activities"]
    h1 = figures["2026-H1"]
    # 4 trainings from 01/01 to 05/5/2026 (125 days); to 30/6 (181 days): 4 x 181 / 125 = 5,792 -> 6 lớp
    trainings = acts[(acts["kind"] == "training") & acts["held_on"].between("2026-01-01", "2026-05-05")]
    assert len(trainings) == 4 and h1.at["training_courses", "estimate"] == 6
    # their participants: 4 x 25 = 100 -> 100 x 181 / 125 = 144,8 -> 145 lượt người
    assert trainings["participants"].sum() == 100 and h1.at["training_participants", "estimate"] == 145
    # to 31/12 (365 days, 314 to 10/11): 4 x 365 / 314 = 4,65 -> 5 lớp
    year = figures["2026"]
    assert year.at["training_courses", "estimate"] == 5
    # spending: 56 activities x 3,5 million = 196 million -> 196 x 365 / 314 = 227,83... million, kept so
    assert year.at["budget_spent_vnd", "value"] == 196_000_000
    assert year.at["budget_spent_vnd", "estimate"] == pytest.approx(196_000_000 * 365 / 314)
    # one project approved with 490 million of support: to the period's end, one project and 490 million
    for key in ("2026-H1", "2026"):
        t = figures[key]
        assert (t.at["linkages_approved", "estimate"], t.at["support_vnd", "estimate"]) == (1, 490_000_000)


@pytest.mark.parametrize("key", ["2026-H1", "2026"])
def test_a_registers_running_total_follows_its_new_records(figures, key):
    t = figures[key]
    grown = t["estimate"] - t["value"]
    # a new chain estimated would join the chains running: neither grows, so the two stay consistent
    assert t.at["linkages_new", "value"] == 1 and grown["linkages_new"] == grown["linkages_active"] == 0
    # cooperatives: active = active before + new - dissolved, at the cut-off and at the period's end alike
    assert grown["coops_active"] == grown["coops_new"] - grown["coops_dissolved"] == 0


def _texts(folder: Path, indicators_csv: str | None = None) -> dict[str, str]:
    texts = {name: (folder / name).read_text(encoding="utf-8") for name in PLAN_FILES}
    return texts | ({"indicators.csv": indicators_csv} if indicators_csv is not None else {})


def _with(column: dict[str, str]) -> str:
    """The shipped indicators.csv with the ``estimate`` of some indicators rewritten."""
    lines = (REFERENCE / "indicators.csv").read_text(encoding="utf-8").splitlines()
    out = [lines[0]]
    for line in lines[1:]:
        key = line.split(",", 1)[0]
        out.append(line.rsplit(",", 1)[0] + "," + column[key] if key in column else line)
    return "\n".join(out) + "\n"


def test_a_plan_without_the_column_follows_the_same_rules():
    # the sample commune's plan has no estimate column: each indicator takes the rule of its kind
    plan = parse_plan(_texts(SUOI_MAY))
    assert "estimate" not in (SUOI_MAY / "indicators.csv").read_text(encoding="utf-8").splitlines()[0]
    assert {i.id: i.estimate for i in plan.indicators} == {
        i.id: expected_rule(i.kind, i.table) for i in plan.indicators
    }
    # the shipped plan with the column left blank everywhere: the same rules as written
    blank = parse_plan(_texts(REFERENCE, _with({i.id: "" for i in PLAN.indicators})))
    assert blank.indicators == PLAN.indicators


def test_an_estimate_that_contradicts_its_kind_is_refused():
    line = 2 + PLAN.ids.index("linkages_active")
    with pytest.raises(ReferenceDataError, match=rf"indicators.csv, dòng {line}: .*estimate.* 'pace'"):
        parse_plan(_texts(REFERENCE, _with({"linkages_active": "pace"})))
    # a register's new records paced would leave its running total behind
    line = 2 + PLAN.ids.index("support_vnd")
    with pytest.raises(ReferenceDataError, match=rf"dòng {line}: .*bảng linkages.*'pace'"):
        parse_plan(_texts(REFERENCE, _with({"support_vnd": "pace"})))
    with pytest.raises(ReferenceDataError, match=r"estimate.*'ước'.*pace, held"):
        parse_plan(_texts(REFERENCE, _with({"broadcasts": "ước"})))
    # an event may be held at the cut-off if the office says so
    held = parse_plan(_texts(REFERENCE, _with({"broadcasts": "held"})))
    assert held.indicator("broadcasts").estimate == "held"


def test_the_exchange_files_fingerprint_ignores_how_a_figure_is_estimated():
    from lkdata.report.exchange import catalogue_fingerprint

    # the exchange file carries values, never estimates: the same definitions, the same fingerprint
    held = parse_plan(_texts(REFERENCE, _with({"broadcasts": "held"})))
    assert catalogue_fingerprint(held) == catalogue_fingerprint(PLAN)
    other = parse_plan(_texts(REFERENCE, _with({"broadcasts": "held"}).replace("broadcast,,count", "news,,count")))
    assert catalogue_fingerprint(other) != catalogue_fingerprint(PLAN)  # a definition changed: it does change
