"""Duplicates merged with provenance; probable duplicates listed; references resolved."""

from __future__ import annotations

import pandas as pd
import pytest

from lkdata.clean.dataset import clean_dataset
from lkdata.clean.reconcile import (
    link_plots,
    merge_duplicates,
    probable_duplicates,
    producer_keys,
    resolve_references,
)
from lkdata.io.reference import load_reference

REF = load_reference()


def producers(rows: list[dict], file: str = "producers/a.xlsx") -> pd.DataFrame:
    df = pd.DataFrame(rows, dtype=object)
    df["source_file"], df["source_sheet"], df["source_row"] = file, "S", range(2, 2 + len(df))
    return clean_dataset("producers", df, REF).clean


def test_same_household_twice_is_merged_and_blanks_filled():
    a = producers([{"name": "Trần Thị Hòa", "phone": "0912345678", "khu_pho": "KP1", "farm_area": "2"}])
    b = producers(
        [{"name": "Trần Thị Hoà", "phone": "0912 345 678", "khu_pho": "KP1", "main_crop": "bơ"}], "producers/b.xlsx"
    )
    merged, dups = merge_duplicates("producers", pd.concat([a, b], ignore_index=True))
    assert len(merged) == 1 and len(dups) == 1
    rec = merged.iloc[0]
    assert (rec["farm_area_ha"], rec["main_crop"]) == (2.0, "bơ")
    assert rec["source_file"] == "producers/a.xlsx"
    assert rec["merged_from"] == "producers/b.xlsx / S / dòng 2"
    assert dups.iloc[0]["merged_into"] == rec["producer_id"]


def test_same_name_khu_pho_and_area_without_phone_is_merged():
    rows = [
        {"name": "Lê Văn Ba", "khu_pho": "KP2", "farm_area": "1,5"},
        {"name": "LÊ VĂN BA", "khu_pho": "Kp.2", "farm_area": "15 sào"},
    ]
    merged, dups = merge_duplicates("producers", producers(rows))
    assert len(merged) == 1 and len(dups) == 1


def test_different_people_are_not_merged_but_close_names_are_listed():
    rows = [
        {"name": "Nguyễn Văn Bình", "phone": "0912000001", "khu_pho": "KP3"},
        {"name": "Nguyễn Văn Bính", "phone": "0912000002", "khu_pho": "KP3"},
        {"name": "Nguyễn Văn Bình", "phone": "0912000003", "khu_pho": "KP4"},
    ]
    merged, dups = merge_duplicates("producers", producers(rows))
    assert len(merged) == 3 and dups.empty
    probable = probable_duplicates(merged)
    assert len(probable) == 2 and probable["group"].nunique() == 1
    assert set(probable["khu_pho"]) == {"Khu phố 3"}


def test_references_resolve_by_name_and_phone_and_unresolved_are_listed():
    prod = producers(
        [
            {"name": "Lê Văn Ba", "phone": "0912345678", "khu_pho": "KP1", "cooperative": "HTX NÔNG NGHIỆP ÁNH DƯƠNG"},
            {"name": "Võ Thị Út", "khu_pho": "KP2", "cooperative": "HTX Không Có"},
        ]
    )
    coops = pd.DataFrame([{"name": "HTX Nông nghiệp Ánh Dương", "kind": "HTX"}], dtype=object)
    coops["source_file"], coops["source_sheet"], coops["source_row"] = "cooperatives/c.xlsx", "", 2
    coops = clean_dataset("cooperatives", coops, REF).clean
    plots = pd.DataFrame(
        [
            {"phone": "84912345678", "crop": "bơ", "area": "1"},
            {"producer_name": "võ thị út", "khu_pho": "KP 02", "crop": "mít", "area": "1"},
            {"producer_name": "Người Lạ", "khu_pho": "KP2", "crop": "mít", "area": "1"},
        ],
        dtype=object,
    )
    plots["source_file"], plots["source_sheet"], plots["source_row"] = "crops/v.csv", "", [2, 3, 4]
    plots = clean_dataset("crops", plots, REF).clean
    links = pd.DataFrame(
        [{"lead_party": "x", "start_on": "1/1/2025", "cooperatives": "HTX Nông nghiệp Ánh Dương; HTX Ma"}], dtype=object
    )
    links["source_file"], links["source_sheet"], links["source_row"] = "linkages/l.xlsx", "L", 5
    links = clean_dataset("linkages", links, REF).clean
    tables, unresolved = resolve_references(
        {"producers": prod, "cooperatives": coops, "crops": plots, "linkages": links}
    )
    cid = coops["cooperative_id"].iloc[0]
    assert tables["producers"]["cooperative_id"].iloc[0] == cid
    assert list(tables["crops"]["producer_id"][:2]) == list(prod["producer_id"])
    assert tables["linkages"]["cooperative_ids"].iloc[0] == cid
    assert sorted(unresolved["value"]) == ["HTX Không Có", "HTX Ma", "Người Lạ"]
    # the producers' keys computed ahead (while the crops are read) link the plots the same way
    ahead, not_found = link_plots(plots, tables["producers"], producer_keys(tables["producers"]))
    pd.testing.assert_frame_equal(ahead, tables["crops"])
    assert list(not_found["value"]) == ["Người Lạ"]


def test_reference_lookup_is_a_hash_join_that_takes_chunked_columns():
    import pyarrow as pa

    from lkdata.clean.reconcile import _lookup

    def chunked(*parts):
        return pd.Series(pd.arrays.ArrowStringArray(pa.chunked_array([list(p) for p in parts])))

    found = _lookup(chunked(["a", "x"], ["b", None]), chunked(["b"], ["a"]), chunked(["B"], ["A"]))
    assert found.tolist() == ["A", pd.NA, "B", pd.NA]


# --- households of one name in one khu phố: one household, or homonyms ------------------------------------

AN = "Nguyễn Văn An"


def _rows(*rows: dict) -> list[dict]:
    """Rows of one household name in Khu phố 2, each with the fields given (None: left blank)."""
    return [{"name": AN, "khu_pho": "KP2", **{k: v for k, v in r.items() if v is not None}} for r in rows]


def _on_sheets(rows: list[dict], sheets: list[tuple[str, str]]) -> pd.DataFrame:
    """The rows cleaned, each from its (file, sheet)."""
    parts = []
    for r, (file, sheet) in zip(rows, sheets, strict=True):
        df = pd.DataFrame([r], dtype=object)
        df["source_file"], df["source_sheet"], df["source_row"] = file, sheet, 2 + len(parts)
        parts.append(clean_dataset("producers", df, REF).clean)
    return pd.concat(parts, ignore_index=True)


ONE_SHEET = ("producers/a.xlsx", "S")
TWO_SHEETS = [("producers/a.xlsx", "KP2"), ("producers/a.xlsx", "Bổ sung")]
TWO_FILES = [("producers/a.xlsx", "S"), ("producers/b.xlsx", "S")]

#: (case, rows, where they are, households expected, probable-duplicate rows expected)
HOMONYM_CASES = [
    ("homonyms with different areas", _rows({"farm_area": "2,5"}, {"farm_area": "1,2"}), [ONE_SHEET] * 2, 2, 2),
    ("one household on two sheets, with and without its area", _rows({"farm_area": "2"}, {}), TWO_SHEETS, 1, 0),
    ("one household in two files, with and without its area", _rows({}, {"farm_area": "2"}), TWO_FILES, 1, 0),
    ("the same row on two sheets, nothing but name and khu phố", _rows({}, {}), TWO_SHEETS, 1, 0),
    ("homonyms, one with a phone", _rows({"farm_area": "2,5"}, {"farm_area": "1,2", "phone": "0912000001"}),
     [ONE_SHEET] * 2, 2, 2),
    ("one household, its phone on one sheet and its area on the other",
     _rows({"phone": "0912000001"}, {"farm_area": "2"}), TWO_SHEETS, 1, 0),
    ("homonyms with two ID-card numbers", _rows({"id_card": "079123456789"}, {"id_card": "079123456780"}),
     TWO_SHEETS, 2, 2),
    ("three homonyms", _rows({"farm_area": "2,5"}, {"farm_area": "1,2"}, {"farm_area": "3"}), [ONE_SHEET] * 3, 3, 3),
    ("two homonyms, and a row that could be either", _rows({"farm_area": "2,5"}, {"farm_area": "1,2"}, {}),
     [ONE_SHEET] * 3, 3, 3),
    ("a row twice and the area once: one household", _rows({}, {}, {"farm_area": "3"}), [*TWO_SHEETS, ONE_SHEET],
     1, 0),
    ("homonyms, each listed in two files",
     _rows({"farm_area": "2,5"}, {"farm_area": "1,2"}, {"farm_area": "2,5"}, {"farm_area": "1,2"}),
     [ONE_SHEET, ONE_SHEET, *TWO_FILES], 2, 2),
    # one area, told apart by something else both rows give: never merged (a household would vanish)
    ("homonyms of one area with two ID-card numbers",
     _rows({"farm_area": "1,5", "id_card": "075089002222"}, {"farm_area": "1,5", "id_card": "075189003333"}),
     [ONE_SHEET] * 2, 2, 2),
    ("homonyms of one area with two phones",
     _rows({"farm_area": "1,1", "phone": "0912345678"}, {"farm_area": "1,1", "phone": "0987654321"}),
     [ONE_SHEET] * 2, 2, 2),
    ("homonyms of one area with two main crops",
     _rows({"farm_area": "2", "main_crop": "sầu riêng"}, {"farm_area": "2", "main_crop": "chôm chôm"}),
     TWO_SHEETS, 2, 2),
    ("homonyms of one area with two phones, and a third row with the area only",
     _rows({"farm_area": "1,1", "phone": "0912345678"}, {"farm_area": "1,1", "phone": "0987654321"},
           {"farm_area": "1,1"}),
     [ONE_SHEET] * 3, 3, 3),
    ("one household of one area, its phone on one row only", _rows({"farm_area": "2", "phone": "0912345678"},
     {"farm_area": "2"}), TWO_FILES, 1, 0),
    ("one household of one area, its crop on one row only", _rows({"farm_area": "2", "main_crop": "bơ"},
     {"farm_area": "2"}), TWO_SHEETS, 1, 0),
]  # fmt: skip


@pytest.mark.parametrize(("case", "rows", "where", "households", "probable"), HOMONYM_CASES,
                         ids=[c[0] for c in HOMONYM_CASES])  # fmt: skip
def test_households_of_one_name_in_one_khu_pho(case, rows, where, households, probable):
    df = _on_sheets(rows, where)
    merged, dups = merge_duplicates("producers", df)
    assert len(merged) == households, case
    assert len(dups) == len(df) - households
    assert merged["producer_id"].is_unique and set(dups["merged_into"]) <= set(merged["producer_id"])
    assert len(probable_duplicates(merged)) == probable
    if households == 1 and df["farm_area_ha"].notna().any():  # the blank filled from the other row
        assert merged["farm_area_ha"].iloc[0] == df["farm_area_ha"].dropna().iloc[0]


def test_homonyms_keep_their_ids_in_any_order_and_beside_other_households():
    a, b = _rows({"farm_area": "2,5"}), _rows({"farm_area": "1,2"})
    other = [{"name": "Lê Thị Hoa", "khu_pho": "KP2"}]

    def ids(rows):
        merged, _ = merge_duplicates("producers", _on_sheets(rows, [ONE_SHEET] * len(rows)))
        return dict(zip(merged["farm_area_ha"], merged["producer_id"], strict=True))

    first = ids(a + b)
    assert len(set(first.values())) == 2
    assert ids(b + a) == first  # listed the other way round: no swap
    assert {k: v for k, v in ids(other + a + b).items() if k in first} == first  # a household added elsewhere
    assert ids(a + b) == first  # run after run


def test_a_household_alone_keeps_its_id_when_the_row_comes_twice():
    alone = _on_sheets(_rows({"farm_area": "2"}), [ONE_SHEET])
    twice = _on_sheets(_rows({"farm_area": "2"}, {}), TWO_SHEETS)
    assert merge_duplicates("producers", twice)[0]["producer_id"].tolist() == alone["producer_id"].tolist()


@pytest.mark.parametrize(
    ("dataset", "rows", "expected"),
    [
        (  # a certificate's dates come from one row, never its issue date from one and its expiry from another
            "producers",
            [{"name": AN, "phone": "0912000001", "khu_pho": "KP2", "gap_standard": "VietGAP",
              "gap_issued_on": "1/3/2025"},
             {"name": AN, "phone": "0912000001", "khu_pho": "KP2", "gap_expires_on": "1/3/2024"}],
            {"gap_standard": "VietGAP", "gap_issued_on": pd.Timestamp(2025, 3, 1), "gap_expires_on": pd.NaT},
        ),
        (
            "producers",
            [{"name": AN, "phone": "0912000001", "khu_pho": "KP2", "main_crop": "bơ"},
             {"name": AN, "phone": "0912000001", "khu_pho": "KP2", "main_crop": "sầu riêng Ri6", "farm_area": "2"}],
            {"main_crop": "bơ", "crop_variety": pd.NA, "farm_area_ha": 2.0},  # not "bơ Ri6"
        ),
        (  # ... or from a later row that gives the same values, and more
            "producers",
            [{"name": AN, "phone": "0912000001", "khu_pho": "KP2", "gap_standard": "VietGAP",
              "gap_issued_on": "1/3/2025", "main_crop": "sầu riêng"},
             {"name": AN, "phone": "0912000001", "khu_pho": "KP2", "gap_expires_on": "1/3/2024",
              "main_crop": "bơ Booth"},
             {"name": AN, "phone": "0912000001", "khu_pho": "KP2", "gap_standard": "VietGAP",
              "gap_issued_on": "1/3/2025", "gap_expires_on": "1/3/2028", "main_crop": "sầu riêng Ri6"}],
            {"gap_standard": "VietGAP", "gap_issued_on": pd.Timestamp(2025, 3, 1),
             "gap_expires_on": pd.Timestamp(2028, 3, 1), "main_crop": "sầu riêng", "crop_variety": "Ri6"},
        ),
        (
            "cooperatives",
            [{"name": "HTX Ánh Dương", "kind": "HTX", "established_on": "1/1/2020"},
             {"name": "HTX Ánh Dương", "kind": "HTX", "established_on": "1/1/2020", "dissolved_on": "1/6/2024"}],
            {"established_on": pd.Timestamp(2020, 1, 1), "dissolved_on": pd.Timestamp(2024, 6, 1)},
        ),
        (
            "cooperatives",
            [{"name": "HTX Ánh Dương", "kind": "HTX", "established_on": "1/1/2020"},
             {"name": "HTX ÁNH DƯƠNG", "kind": "HTX", "dissolved_on": "1/1/2019", "members": "12"}],
            {"established_on": pd.Timestamp(2020, 1, 1), "dissolved_on": pd.NaT, "members": 12},
        ),
    ],
)  # fmt: skip
def test_merging_takes_values_that_belong_together_from_one_row(dataset, rows, expected):
    from lkdata.clean.schemas import schema_for

    df = pd.DataFrame(rows, dtype=object)
    df["source_file"], df["source_sheet"], df["source_row"] = f"{dataset}/a.xlsx", "S", range(2, 2 + len(df))
    clean = clean_dataset(dataset, df, REF).clean
    assert len(clean) == len(rows)  # each row is valid on its own
    merged, _ = merge_duplicates(dataset, clean)
    assert len(merged) == 1
    for column, value in expected.items():
        assert (pd.isna(merged[column].iloc[0]) and pd.isna(value)) or merged[column].iloc[0] == value, column
    schema_for(dataset, REF).remove_columns(["cooperative_id"] if dataset == "producers" else []).validate(merged)


@pytest.mark.parametrize(
    "pasted",
    ["Trần Văn Bình\u200b", "\ufeffTrần Văn Bình", "Trần\u200c Văn Bình", "Trần Văn\u2060 Bình", "Trần Văn B\u200dình"],
)
def test_invisible_characters_pasted_into_a_name_never_make_a_second_household(pasted):
    rows = [{"name": "Trần Văn Bình", "khu_pho": "KP1", "farm_area": "2"}, {"name": pasted, "khu_pho": "KP1"}]
    merged, dups = merge_duplicates("producers", producers(rows))
    assert list(merged["name"]) == ["Trần Văn Bình"] and len(dups) == 1


def test_a_name_of_invisible_characters_only_is_missing():
    df = pd.DataFrame([{"name": "\u200b\ufeff", "khu_pho": "KP1", "farm_area": "2"}], dtype=object)
    df["source_file"], df["source_sheet"], df["source_row"] = "producers/a.xlsx", "S", 2
    result = clean_dataset("producers", df, REF)
    assert result.clean.empty and list(result.quarantine["reasons"]) == ["Thiếu tên"]


def test_one_id_card_for_two_households_is_listed_whatever_their_khu_pho():
    rows = [
        {"name": "Lê Thị Mai", "khu_pho": "KP5", "farm_area": "1", "id_card": "075189009999"},
        {"name": "Lê Thị Mai", "khu_pho": "KP6", "farm_area": "2", "id_card": "075189009999"},
        {"name": "Trần Văn Hùng", "khu_pho": "KP1", "farm_area": "1", "id_card": "075189001111"},
        {"name": "Nguyễn Văn Hưng", "khu_pho": "KP2", "farm_area": "3", "id_card": "075189001111"},
    ]
    merged, _ = merge_duplicates("producers", producers(rows))
    listed = probable_duplicates(merged)
    assert len(merged) == 4 and len(listed) == 4
    assert set(listed["reason"]) == {"Cùng số CCCD"} and listed["group"].nunique() == 2
    places = {frozenset(g) for g in listed.groupby("group")["khu_pho"].agg(set)}
    assert places == {frozenset({"Khu phố 5", "Khu phố 6"}), frozenset({"Khu phố 1", "Khu phố 2"})}
