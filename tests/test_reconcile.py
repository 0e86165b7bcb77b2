"""Duplicates merged with provenance; probable duplicates listed; references resolved."""

from __future__ import annotations

import pandas as pd

from lkdata.clean.dataset import clean_dataset
from lkdata.clean.reconcile import merge_duplicates, probable_duplicates, resolve_references
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


def test_reference_lookup_is_a_hash_join_that_takes_chunked_columns():
    import pyarrow as pa

    from lkdata.clean.reconcile import _lookup

    def chunked(*parts):
        return pd.Series(pd.arrays.ArrowStringArray(pa.chunked_array([list(p) for p in parts])))

    found = _lookup(chunked(["a", "x"], ["b", None]), chunked(["b"], ["a"]), chunked(["B"], ["A"]))
    assert found.tolist() == ["A", pd.NA, "B", pd.NA]
