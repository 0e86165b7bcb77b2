"""Attributes without a date, as of a past day: the history each clean keeps, how a past value is read
from it, and what a report says where no snapshot reaches back (issue 16, defect 2).

Every expected figure below is worked out by hand from the tables written here.
"""

from __future__ import annotations

import csv
import datetime as dt
import functools
import json
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

from lkdata.api import parse_period
from lkdata.io.history import HISTORY_DIR, complete, history_path, keep_history, read_history
from lkdata.io.reference import load_plan, load_reference
from lkdata.plan.history import VALID_FROM, as_of, changes, reference_day, tracked, updated, values_as_of
from lkdata.plan.indicators import breakdown
from lkdata.plan.indicators import indicators as _indicators


@functools.cache
def _empty_processed(dataset: str) -> pd.DataFrame:
    """A processed table with no rows: its columns and types, as a clean makes them."""
    from lkdata.clean.dataset import clean_dataset

    ref = load_reference()
    ref.as_of = dt.date(2026, 11, 30)
    return clean_dataset(dataset, pd.DataFrame(columns=["source_file", "source_sheet", "source_row"]), ref).clean


def _complete(dataset: str, df: pd.DataFrame) -> pd.DataFrame:
    """A hand-made table with every other column of its processed table, empty (the derived tables of the
    stock rules read columns these tests do not set)."""
    base = _empty_processed(dataset)
    extra = {c: pd.Series(index=df.index, dtype=base[c].dtype)
             for c in base.columns if c not in df.columns}  # fmt: skip
    return df.assign(**extra)


def indicators(period, tables, **kw):
    """:func:`lkdata.plan.indicators.indicators` on the hand-made tables, completed."""
    return _indicators(period, {k: _complete(k, v) for k, v in tables.items()}, **kw)


PLAN = load_plan()
WARD = {"due": {"semiannual": "05-10", "annual": "11-15"}, "cutoff_margin_days": 5}
D = dt.date
NAN = float("nan")


def coops(ids: list[str], members: list, **extra) -> pd.DataFrame:
    """Cooperatives (all HTX, founded in 2015, active) with their members and any other column."""
    n = len(ids)
    return pd.DataFrame({
        "cooperative_id": pd.array(ids, dtype="string"),
        "kind": pd.array(["HTX"] * n, dtype="string"),
        "established_on": pd.to_datetime(extra.pop("established_on", ["2015-01-01"] * n)),
        "dissolved_on": pd.to_datetime(extra.pop("dissolved_on", [None] * n)),
        "khu_pho": pd.array(extra.pop("khu_pho", ["Khu phố 1"] * n), dtype="string"),
        "members": pd.array(members, dtype="Int64"),
        **extra,
    })  # fmt: skip


def log_of(*cleans: tuple[dt.date, pd.DataFrame], column: str = "members", dataset: str = "cooperatives"):
    """The log that these cleans (in order) keep for one column."""
    log = None
    for day, table in cleans:
        log = updated(log, changes(log, table, dataset, column, day), dataset)
    return log


# --- reading a past value ---------------------------------------------------------------------------

FIRST, SECOND = D(2025, 6, 1), D(2026, 3, 1)
BEFORE = coops(["C1", "C2", "C3"], [10, 20, None])
AFTER = coops(["C1", "C2", "C3", "C4"], [10, 25, None, 5])  # C2 changed, C4 appeared


@pytest.mark.parametrize(
    ("day", "expected", "unreached"),
    [
        (D(2025, 5, 31), [None, None, None, None], [True, True, True, True]),  # before the first snapshot
        (FIRST, [10, 20, None, None], [False, False, False, True]),  # on its day; C3 known to be unknown
        (D(2025, 12, 31), [10, 20, None, None], [False, False, False, True]),  # between: the first holds
        (D(2026, 2, 28), [10, 20, None, None], [False, False, False, True]),  # the day before the second
        (SECOND, [10, 25, None, 5], [False, False, False, False]),  # the second, on its day
        (D(2030, 1, 1), [10, 25, None, 5], [False, False, False, False]),  # after the last: it holds on
    ],
)
def test_a_value_as_of_a_day_is_the_snapshot_then_in_force(day, expected, unreached):
    log = log_of((FIRST, BEFORE), (SECOND, AFTER))
    values, lost = values_as_of(log, AFTER, "cooperatives", "members", day)
    assert [None if pd.isna(v) else int(v) for v in values] == expected
    assert lost.tolist() == unreached
    assert values.dtype == AFTER["members"].dtype and values.index.equals(AFTER.index)


def test_the_log_is_compact_and_ordered():
    log = log_of((FIRST, BEFORE), (SECOND, AFTER))
    assert log[["cooperative_id", "members"]].astype(object).where(log.notna(), None).values.tolist() == [
        ["C1", 10], ["C2", 20], ["C3", None], ["C2", 25], ["C4", 5]]  # fmt: skip
    assert log[VALID_FROM].tolist() == [pd.Timestamp(FIRST)] * 3 + [pd.Timestamp(SECOND)] * 2
    again = changes(log, AFTER, "cooperatives", "members", D(2026, 11, 30))  # nothing changed: nothing added
    assert again.empty and list(again.columns) == ["cooperative_id", VALID_FROM, "members"]


def test_a_later_clean_of_the_same_day_replaces_that_days_values():
    fixed = coops(["C1", "C2", "C3", "C4"], [10, 26, None, 5])  # the same day, C2 corrected
    log = log_of((FIRST, BEFORE), (SECOND, AFTER), (SECOND, fixed))
    assert len(log) == 5
    values, _ = values_as_of(log, fixed, "cooperatives", "members", SECOND)
    assert int(values.iloc[1]) == 26


def test_a_row_that_dates_its_own_value_needs_no_history():
    plots = pd.DataFrame({
        "plot_id": pd.array(["V1", "V2", "V3"], dtype="string"),
        "growing_area_code": pd.array(["VN-1", "VN-2", "VN-3"], dtype="string"),
        "growing_area_code_issued_on": pd.to_datetime(["2020-01-01", None, "2026-03-01"]),
    })  # fmt: skip
    values, lost = values_as_of(None, plots, "crops", "growing_area_code", D(2025, 5, 10))
    # V1 and V3 date their code (the selection decides by the date); V2's code has no date and no history
    assert values.tolist()[0::2] == ["VN-1", "VN-3"] and pd.isna(values.iloc[1])
    assert lost.tolist() == [False, True, False]


def test_as_of_changes_only_tracked_columns_and_never_its_input():
    tables = {"cooperatives": AFTER.assign(members=AFTER["members"]), "activities": pd.DataFrame({"x": [1]})}
    kept = tables["cooperatives"].copy()
    out, unreached = as_of(tables, {("cooperatives", "members"): log_of((FIRST, BEFORE))}, D(2025, 7, 1))
    pd.testing.assert_frame_equal(tables["cooperatives"], kept)
    assert out["activities"] is tables["activities"]
    assert out["cooperatives"]["members"].tolist()[:2] == [10, 20]
    assert unreached[("cooperatives", "members")].tolist() == [False, False, False, True]


@pytest.mark.parametrize(
    ("period", "day"),
    [("2026-H1", D(2026, 5, 10)), ("2026", D(2026, 11, 15)), ("2025-H1", D(2025, 5, 10)),
     ("2026-01-01:2026-03-31", D(2026, 3, 31))],
)  # fmt: skip
def test_the_day_a_period_reads_its_undated_values(period, day):
    """The due date (the data its report was made from), the cut-off where it is later or there is none."""
    assert reference_day(parse_period(period, WARD)) == day
    late = parse_period("2026-H1", WARD, cutoff="2026-06-30")
    assert reference_day(late) == D(2026, 6, 30)


_VALUES = st.one_of(st.none(), st.integers(0, 3))
_CLEAN = st.dictionaries(st.sampled_from(["C1", "C2", "C3", "C4"]), _VALUES, max_size=4)


@given(
    gaps=st.lists(st.integers(0, 40), min_size=1, max_size=6),
    cleans=st.lists(_CLEAN, min_size=6, max_size=6),
    probe=st.lists(st.integers(-5, 250), min_size=1, max_size=8),
)
def test_any_sequence_of_cleans_is_read_back_as_it_was(gaps, cleans, probe):
    """For cleans on any days (several on one day too) and records that come and go, the value as of a day
    is the one the latest clean on or before it gave the record; before the record's first clean, none."""
    start = D(2025, 1, 1)
    days = list(np.cumsum(gaps))
    runs = [(start + dt.timedelta(days=int(d)), clean) for d, clean in zip(days, cleans, strict=False)]
    log = None
    for day, clean in runs:
        table = coops(list(clean), list(clean.values()))
        log = updated(log, changes(log, table, "cooperatives", "members", day), "cooperatives")
    everyone = coops(["C1", "C2", "C3", "C4", "C5"], [None] * 5)
    for offset in probe:
        day = start + dt.timedelta(days=offset)
        values, lost = values_as_of(log, everyone, "cooperatives", "members", day)
        for i, cid in enumerate(["C1", "C2", "C3", "C4", "C5"]):
            seen = [c[cid] for d, c in runs if d <= day and cid in c]
            assert lost[i] == (not seen), (cid, day)
            if seen:
                assert (pd.isna(values.iloc[i]) and seen[-1] is None) or values.iloc[i] == seen[-1], (cid, day)
    appearances = sum(len(c) for _, c in runs)
    assert log is None or len(log) <= appearances  # compact: never more rows than records seen


# --- the indicators' year-ago ------------------------------------------------------------------------


def _tables(co: pd.DataFrame) -> dict[str, pd.DataFrame]:
    """Minimal tables: the given cooperatives, nothing else."""
    empty = {d: pd.DataFrame() for d in ("producers", "crops", "linkages", "activities")}
    empty["producers"] = pd.DataFrame({"producer_id": pd.array([], dtype="string"),
                                       "registered_on": pd.to_datetime([]), "ecommerce": pd.array([], "boolean"),
                                       "gap_standard": pd.array([], "string"), "gap_issued_on": pd.to_datetime([]),
                                       "gap_expires_on": pd.to_datetime([]), "farm_area_ha": []})  # fmt: skip
    empty["crops"] = pd.DataFrame({"producer_id": pd.array([], "string"), "growing_area_code": pd.array([], "string"),
                                   "area_ha": [], "gap_standard": pd.array([], "string")})  # fmt: skip
    empty["linkages"] = pd.DataFrame({"start_on": pd.to_datetime([]), "end_on": pd.to_datetime([]),
                                      "households": [], "area_ha": [], "volume_t": [], "contract_value_vnd": [],
                                      "cooperative_ids": pd.array([], "string"), "approved_on": pd.to_datetime([]),
                                      "support_vnd": []})  # fmt: skip
    empty["activities"] = pd.DataFrame({"kind": pd.array([], "string"), "held_on": pd.to_datetime([]),
                                        "participants": [], "participants_households": [],
                                        "participants_cooperatives": [], "participants_enterprises": [],
                                        "cost_vnd": [], "khu_pho": pd.array([], "string")})  # fmt: skip
    n = len(co)
    co = co.assign(managers_trained=pd.array([1] * n, "Int64"), credit_access=pd.array([True] * n, "boolean"),
                   ocop_stars=pd.array([None] * n, "Int64"), ocop_year=pd.array([None] * n, "Int64"))  # fmt: skip
    return {**empty, "cooperatives": co}


def _history(*cleans: tuple[dt.date, pd.DataFrame]) -> dict:
    out = {}
    for column in ("members", "managers_trained", "credit_access"):
        out[("cooperatives", column)] = log_of(*[(d, _tables(t)["cooperatives"]) for d, t in cleans], column=column)
    return out


H1 = parse_period("2026-H1", WARD)  # cut-off 05/5/2026; last year: cut-off 05/5/2025, its values as of 10/5/2025


#: Today: C1 10, C2 25, C3 unknown, C4 5; C4 was founded on 02/01/2026, after last year's cut-off.
NOW = coops(["C1", "C2", "C3", "C4"], [10, 25, None, 5], established_on=["2015-01-01"] * 3 + ["2026-01-02"])


@pytest.mark.parametrize(
    ("snapshots", "members_then"),
    [
        ([], NAN),  # no history: unknown
        ([(D(2025, 5, 11), BEFORE)], NAN),  # the first snapshot is a day after last year's due date
        ([(D(2025, 5, 10), BEFORE)], 10 + 20),  # on the due date: read (C3's members unknown, not counted)
        ([(D(2024, 1, 1), BEFORE), (D(2025, 6, 1), AFTER)], 10 + 20),  # the later change is not yet in force
        ([(D(2024, 1, 1), BEFORE), (D(2025, 5, 1), AFTER)], 10 + 25),  # changed before: the new values (no C4)
    ],
)
def test_last_years_members_come_from_the_snapshot_then_in_force(snapshots, members_then):
    df = indicators(H1, _tables(NOW), targets={}, plan=PLAN, history=_history(*snapshots)).set_index("indicator")
    assert df.at["coop_members", "value"] == 40
    assert df.at["coop_members", "previous"] == pytest.approx(members_then, nan_ok=True)
    assert df.at["coops_active", "previous"] == 3  # a dated stock never needs the history
    assert df.at["coops_credit_access", "previous"] == pytest.approx(NAN if np.isnan(members_then) else 3, nan_ok=True)
    if np.isnan(members_then):
        assert np.isnan(df.at["coop_members", "change"]) and np.isnan(df.at["coop_members", "change_pct"])


def test_a_record_that_could_count_then_but_has_no_snapshot_leaves_last_year_unknown():
    """C4 active since 2015, but the only snapshot before last year's due date does not have it."""
    now = _tables(coops(["C1", "C2", "C3", "C4"], [10, 25, None, 5]))
    df = indicators(H1, now, targets={}, plan=PLAN, history=_history((D(2025, 5, 10), BEFORE))).set_index("indicator")
    assert np.isnan(df.at["coop_members", "previous"]) and df.at["coops_active", "previous"] == 4
    dissolved = now["cooperatives"].assign(dissolved_on=pd.to_datetime([None, None, None, "2024-12-31"]))
    df = indicators(H1, {**now, "cooperatives": dissolved}, targets={}, plan=PLAN,
                    history=_history((D(2025, 5, 10), BEFORE))).set_index("indicator")  # fmt: skip
    assert df.at["coop_members", "previous"] == 30  # C4 was gone by then: it could not count


def test_breakdown_leaves_last_year_unknown_only_where_no_snapshot_reaches():
    now = _tables(coops(["C1", "C2", "C4"], [10, 25, 5], khu_pho=["Khu phố 1", "Khu phố 1", "Khu phố 2"]))
    history = _history((D(2025, 1, 1), coops(["C1", "C2"], [8, 20])))
    b = breakdown("coop_members", H1, now, by="khu_pho", plan=PLAN, history=history).set_index("khu_pho")
    assert b.at["Khu phố 1", "value"] == 35 and b.at["Khu phố 1", "previous"] == 28
    assert b.at["Khu phố 2", "value"] == 5 and np.isnan(b.at["Khu phố 2", "previous"])


def test_growing_area_codes_a_year_ago_from_their_grant_dates_and_the_history():
    producers = pd.DataFrame({"producer_id": pd.array(["P1"], "string"),
                              "registered_on": pd.to_datetime(["2015-01-01"]),
                              "ecommerce": pd.array([None], "boolean"), "gap_standard": pd.array([None], "string"),
                              "gap_issued_on": pd.to_datetime([None]), "gap_expires_on": pd.to_datetime([None]),
                              "farm_area_ha": [3.0]})  # fmt: skip
    plots = pd.DataFrame({
        "plot_id": pd.array(["V1", "V2", "V3"], "string"), "producer_id": pd.array(["P1"] * 3, "string"),
        "growing_area_code": pd.array(["VN-1", "VN-2", "VN-3"], "string"), "area_ha": [1.0, 2.0, 4.0],
        "growing_area_code_issued_on": pd.to_datetime(["2020-01-01", "2026-03-01", "2026-06-01"]),
        "gap_standard": pd.array([None] * 3, "string"),
    })  # fmt: skip
    tables = {**_tables(AFTER), "producers": producers, "crops": plots}
    df = indicators(H1, tables, targets={}, plan=PLAN).set_index("indicator")
    # every code dates itself: no history needed; V3's code was granted after this cut-off, V2's after last year's
    assert (df.at["growing_area_codes", "value"], df.at["growing_area_codes", "previous"]) == (2, 1)
    assert (df.at["growing_area_code_area_ha", "value"], df.at["growing_area_code_area_ha", "previous"]) == (3.0, 1.0)
    undated = {**tables, "crops": plots.assign(growing_area_code_issued_on=pd.to_datetime(["2020-01-01", None, None]))}
    df = indicators(H1, undated, targets={}, plan=PLAN).set_index("indicator")
    assert np.isnan(df.at["growing_area_codes", "previous"])  # V2's code has no date and no history
    history = {
        ("crops", "growing_area_code"): log_of(
            (D(2025, 1, 1), plots.assign(growing_area_code=pd.array(["VN-1", "không", "VN-3"], "string"))),
            column="growing_area_code",
            dataset="crops",
        )
    }
    df = indicators(H1, undated, targets={}, plan=PLAN, history=history).set_index("indicator")
    assert (df.at["growing_area_codes", "value"], df.at["growing_area_codes", "previous"]) == (
        3,
        2,
    )  # V1 dated, V3 then


# --- a real clean, twice -----------------------------------------------------------------------------


def _write_csv(path: Path, dataset: str, rows: list[dict]) -> None:
    """A raw CSV with each field under its canonical header (the first alias in headers.yaml)."""
    headers = load_reference().headers[dataset]
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding="utf-8-sig", newline="") as fh:
        w = csv.writer(fh, delimiter=";")
        w.writerow([headers[f][0] for f in rows[0]])
        w.writerows([list(r.values()) for r in rows])


COOPS = [
    {"name": "HTX Sầu Riêng Xuân Lập", "kind": "HTX", "established_on": "15/3/2018", "khu_pho": "Khu phố 1",
     "members": "30", "managers_trained": "2", "credit_access": "Có"},
    {"name": "HTX Bơ Bảo Vinh", "kind": "HTX", "established_on": "01/6/2020", "khu_pho": "Khu phố 2",
     "members": "20", "managers_trained": "1", "credit_access": "Không"},
    {"name": "Tổ hợp tác Chôm Chôm Suối Tre", "kind": "THT", "established_on": "10/01/2019", "khu_pho": "Khu phố 3",
     "members": "12", "managers_trained": "0", "credit_access": "Không"},
]  # fmt: skip
PRODUCERS = [
    {"name": "Nguyễn Văn An", "khu_pho": "Khu phố 1", "ecommerce": "Có", "registered_on": "02/3/2015"},
    {"name": "Trần Thị Bình", "khu_pho": "Khu phố 2", "ecommerce": "Không", "registered_on": "02/3/2015"},
]
PLOTS = [  # one code dated 2024, one without a date, one granted in 2026
    {"producer_name": "Nguyễn Văn An", "khu_pho": "Khu phố 1", "crop": "sầu riêng", "area": "2",
     "growing_area_code": "VN-DNOR-0001", "growing_area_code_issued_on": "12/8/2024"},
    {"producer_name": "Nguyễn Văn An", "khu_pho": "Khu phố 1", "crop": "bơ", "area": "1",
     "growing_area_code": "VN-DNOR-0002", "growing_area_code_issued_on": ""},
    {"producer_name": "Trần Thị Bình", "khu_pho": "Khu phố 2", "crop": "sầu riêng", "area": "1,5",
     "growing_area_code": "VN-DNOR-0003", "growing_area_code_issued_on": "01/3/2026"},
]  # fmt: skip


@pytest.fixture
def raw(tmp_path: Path) -> Path:
    raw = tmp_path / "raw"
    _write_csv(raw / "cooperatives" / "htx.csv", "cooperatives", COOPS)
    _write_csv(raw / "producers" / "ho.csv", "producers", PRODUCERS)
    _write_csv(raw / "crops" / "vung_trong.csv", "crops", PLOTS)
    return raw


def test_two_cleans_keep_what_changed_and_last_years_figures_read_it(raw: Path, tmp_path: Path):
    from lkdata.jobs.clean_run import run_clean

    out = tmp_path / "processed"
    first = run_clean(raw, out, as_of=D(2025, 6, 1))
    assert first.manifest["history"]["kept"] and first.manifest["history"]["valid_from"] == "2025-06-01"
    assert first.manifest["history"]["rows"]["cooperatives.members"] == 3  # the first snapshot: every record
    changed = [dict(c) for c in COOPS]
    changed[0]["members"] = "34"  # a member more... four
    _write_csv(raw / "cooperatives" / "htx.csv", "cooperatives", changed)
    second = run_clean(raw, out, as_of=D(2026, 11, 30))
    rows = second.manifest["history"]["rows"]
    assert rows["cooperatives.members"] == 1 and rows["cooperatives.credit_access"] == 0  # compact
    assert rows["crops.growing_area_code"] == 0 and rows["producers.ecommerce"] == 0
    saved = json.loads((out / "manifest.json").read_text(encoding="utf-8"))["history"]
    assert saved == second.manifest["history"] and saved["folder"] == HISTORY_DIR.as_posix()

    log = pd.read_parquet(history_path(out, "cooperatives", "members"))
    assert log["members"].tolist() == [30, 20, 12, 34]
    assert log[VALID_FROM].dt.date.tolist() == [D(2025, 6, 1)] * 3 + [D(2026, 11, 30)]

    history = read_history(out)
    tables = second.tables
    year = indicators(parse_period("2026", WARD), tables, targets={}, plan=PLAN, history=history).set_index("indicator")
    assert (year.at["coop_members", "value"], year.at["coop_members", "previous"]) == (34 + 20 + 12, 30 + 20 + 12)
    assert year.at["coops_credit_access", "previous"] == 1
    assert year.at["producers_ecommerce", "previous"] == 1
    # codes: dated 2024 (counts then), undated (the 2025 snapshot says coded), granted 01/3/2026 (not yet then)
    assert (year.at["growing_area_codes", "value"], year.at["growing_area_codes", "previous"]) == (3, 2)
    # six months: last year's values are those of 10/5/2025, before the first snapshot: unknown
    h1 = indicators(parse_period("2026-H1", WARD), tables, targets={}, plan=PLAN, history=history).set_index(
        "indicator"
    )
    for ind in ("coop_members", "coop_managers_trained", "coops_credit_access", "producers_ecommerce",
                "growing_area_codes", "growing_area_code_area_ha"):  # fmt: skip
        assert np.isnan(h1.at[ind, "previous"]), ind
    assert h1.at["coops_active", "previous"] == 3

    # a cooperative active last year that the history never saw: last year's members are unknown again
    more = [*changed, {**COOPS[0], "name": "HTX Tiêu Hàng Gòn", "members": "9"}]
    _write_csv(raw / "cooperatives" / "htx.csv", "cooperatives", more)
    third = run_clean(raw, out, as_of=D(2026, 12, 1))
    year = indicators(parse_period("2026", WARD), third.tables, targets={}, plan=PLAN,
                      history=read_history(out)).set_index("indicator")  # fmt: skip
    assert year.at["coop_members", "value"] == 34 + 20 + 12 + 9 and np.isnan(year.at["coop_members", "previous"])


def test_an_incomplete_clean_keeps_no_history(raw: Path, tmp_path: Path):
    from lkdata.jobs.clean_run import run_clean

    (raw / "cooperatives" / "hong.xlsx").write_bytes(b"not a workbook")
    run = run_clean(raw, tmp_path / "processed", as_of=D(2025, 6, 1))
    assert run.manifest["history"] == {"kept": False, "reason": "không đọc được tệp cooperatives/hong.xlsx"}
    assert not (tmp_path / "processed" / HISTORY_DIR).exists()
    assert read_history(tmp_path / "processed") == {}


@pytest.mark.parametrize(
    ("manifest", "reason"),
    [
        ({"datasets": {"producers": {"status": "ok", "files": [{"path": "producers/a.xlsx", "status": "ok"}]}}}, None),
        ({"datasets": {"producers": {"status": "ok", "files": [{"path": "producers/a.xlsx", "status": "rejected"}]}}},
         None),  # read, no row accepted: the result is whole
        ({"datasets": {"producers": {"status": "failed", "files": []}}}, "bộ dữ liệu producers gặp lỗi nội bộ"),
        ({"datasets": {"crops": {"status": "ok", "files": [{"path": "crops/x.csv", "status": "failed"}]}}},
         "không đọc được tệp crops/x.csv"),
    ],
)  # fmt: skip
def test_which_results_are_complete(manifest, reason):
    assert complete(manifest) == reason


def test_a_clean_dated_before_the_last_snapshot_keeps_none(tmp_path: Path):
    tables = {"cooperatives": AFTER}
    ok = {"as_of": "2026-03-01", "datasets": {}}
    assert keep_history(tmp_path, tables, ok)["kept"]
    back = keep_history(tmp_path, tables, {**ok, "as_of": "2026-01-01"})
    assert back == {"kept": False, "reason": "ngày làm sạch 01/01/2026 trước lần lưu gần nhất 01/3/2026"}


def test_a_damaged_history_file_is_named_and_a_clean_starts_it_again(tmp_path: Path):
    from lkdata.errors import LkdataError

    path = history_path(tmp_path, "cooperatives", "members")
    path.parent.mkdir(parents=True)
    path.write_bytes(b"garbage")
    with pytest.raises(LkdataError, match=r"members\.parquet.*chưa có số liệu"):
        read_history(tmp_path)
    assert keep_history(tmp_path, {"cooperatives": AFTER}, {"as_of": "2026-03-01", "datasets": {}})["kept"]
    assert len(read_history(tmp_path)[("cooperatives", "members")]) == 4


def test_every_tracked_column_is_an_input_field_without_a_date():
    from lkdata.clean.fields import fields

    declared = tracked()
    assert set(declared) == {("cooperatives", "members"), ("cooperatives", "managers_trained"),
                             ("cooperatives", "credit_access"), ("producers", "ecommerce"),
                             ("crops", "growing_area_code")}  # fmt: skip
    for (dataset, column), by in declared.items():
        kinds = {f.column: f.kind for f in fields(dataset)}
        assert kinds[column] != "date" and (by is None or kinds[by] == "date")
    # the indicators that read one are the ones whose year-ago needs the history
    assert {i.id for i in PLAN.indicators if i.undated} == {
        "coop_members", "coop_managers_trained", "coops_credit_access", "producers_ecommerce",
        "growing_area_codes", "growing_area_code_area_ha"}  # fmt: skip


_HEX_ID = st.builds(lambda p, n: f"{p}{n:012x}", st.sampled_from("CPV"), st.integers(0, 2**48 - 1))
_OTHER_ID = st.one_of(st.text("CPV0123456789abcdefABZ", min_size=1, max_size=14), _HEX_ID.map(str.upper))


@given(
    table_ids=st.lists(st.one_of(_HEX_ID, _HEX_ID, _OTHER_ID), min_size=1, max_size=30, unique=True),
    extra=st.lists(_HEX_ID, max_size=5),
    data=st.data(),
)
def test_records_are_found_in_the_log_whatever_their_ids_look_like(table_ids, extra, data):
    """lkdata's ids (a capital and 12 hex digits) are matched as integers, any other as text: the same
    records are found either way (a capital hex id, a short one, one the table does not have)."""
    logged = data.draw(st.lists(st.sampled_from([*table_ids, *extra]), unique=True))
    values = {cid: i for i, cid in enumerate(logged)}
    log = log_of((FIRST, coops(list(values), list(values.values()))))
    got, lost = values_as_of(log, coops(table_ids, [None] * len(table_ids)), "cooperatives", "members", FIRST)
    for cid, value, unreached in zip(table_ids, got, lost, strict=True):
        assert unreached == (cid not in values) and (pd.isna(value) if unreached else value == values[cid]), cid
