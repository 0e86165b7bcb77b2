"""Cleaning one dataset: typed columns, every reason at once, soft notes, stable ids."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest

from lkdata.clean.dataset import clean_dataset
from lkdata.io.reference import load_reference

REF = load_reference()


def raw(rows: list[dict]) -> pd.DataFrame:
    df = pd.DataFrame(rows, dtype=object)
    df["source_file"] = "producers/test.xlsx"
    df["source_sheet"] = "KP1"
    df["source_row"] = range(6, 6 + len(df))
    return df


GOOD = {
    "name": "nguyễn văn  BA",
    "phone": "0912 345 678",
    "khu_pho": "KP1",
    "farm_area": "2,5",
    "main_crop": "Sầu riêng Ri6",
    "gap_standard": "Viet GAP",
    "gap_issued_on": "15/3/2025",
    "gap_expires_on": dt.date(2028, 3, 15),
    "trained": "Có",
    "registered_on": "ngày 02 tháng 4 năm 2020",
}


def test_a_good_row_is_typed():
    r = clean_dataset("producers", raw([GOOD]), REF)
    assert r.quarantine.empty
    row = r.clean.iloc[0]
    assert row["name"] == "Nguyễn Văn Ba"
    assert row["phone"] == "0912345678"
    assert row["khu_pho"] == "Khu phố 1"
    assert row["farm_area_ha"] == 2.5
    assert (row["main_crop"], row["crop_variety"]) == ("sầu riêng", "Ri6")
    assert row["gap_standard"] == "VietGAP"
    assert row["gap_issued_on"] == pd.Timestamp(2025, 3, 15)
    assert row["gap_expires_on"] == pd.Timestamp(2028, 3, 15)
    assert bool(row["trained"]) and pd.isna(row["ecommerce"])  # no such column: unknown, never "không"
    assert row["registered_on"] == pd.Timestamp(2020, 4, 2)
    assert row["producer_id"].startswith("P") and len(row["producer_id"]) == 13
    assert (row["source_file"], row["source_sheet"], row["source_row"]) == ("producers/test.xlsx", "KP1", 6)


def test_invalid_row_carries_all_its_reasons_at_once():
    bad = {**GOOD, "khu_pho": "Khu phố 99", "farm_area": "-3", "registered_on": "31/02/2022"}
    r = clean_dataset("producers", raw([GOOD, bad]), REF)
    assert len(r.clean) == 1 and len(r.quarantine) == 1
    q = r.quarantine.iloc[0]
    assert q["source_row"] == 7
    reasons = q["reasons"].split("; ")
    assert "Diện tích âm: -3" in reasons
    assert "Ngày đăng ký không hợp lệ: 31/02/2022" in reasons
    assert any(x.startswith("Khu phố không có trong danh mục: Khu phố 99") for x in reasons)
    assert q["farm_area"] == "-3"  # the raw value, as written


def test_missing_required_field():
    r = clean_dataset("producers", raw([{**GOOD, "name": None}, {**GOOD, "khu_pho": "  "}]), REF)
    assert list(r.quarantine["reasons"]) == ["Thiếu tên", "Thiếu khu phố"]


def test_optional_field_that_fails_is_left_empty_and_noted():
    r = clean_dataset("producers", raw([{**GOOD, "phone": "12345", "trained": "có lẽ"}]), REF)
    assert r.quarantine.empty
    row = r.clean.iloc[0]
    assert pd.isna(row["phone"])
    # a personal value is not repeated as dropped (the quality report lists the others, never a phone)
    assert row["issues"] == "Số điện thoại không hợp lệ: 12345; Tập huấn không rõ có/không: có lẽ (đã để trống)"


def test_business_rule_from_the_schema():
    r = clean_dataset("producers", raw([{**GOOD, "gap_issued_on": "15/3/2025", "gap_expires_on": "15/3/2024"}]), REF)
    assert r.quarantine.iloc[0]["reasons"] == "Ngày hết hạn chứng nhận trước ngày cấp"


def test_legacy_names_repaired_with_and_without_font_hints():
    rows = raw(
        [
            {**GOOD, "name": "NguyÔn V¨n Ba"},
            {**GOOD, "name": "Nguyeãn Vaên Ba", "phone": "0987654321"},
            {**GOOD, "name": "Lª V¨n Tó", "phone": "0911111111"},
        ]
    )
    rows["_hint_name"] = [None, None, "tcvn3"]
    r = clean_dataset("producers", rows, REF)
    assert list(r.clean["name"]) == ["Nguyễn Văn Ba", "Nguyễn Văn Ba", "Lê Văn Tú"]


@pytest.mark.parametrize(
    ("name", "hint", "expected"),
    [
        # issue 14, defect 2: Unicode typed into .VnTime / VNI-Times templates, once corrupted by the font
        ("Lê Văn Huy", "tcvn3", "Lê Văn Huy"),
        ("Trần Hoàng Nam", "vni", "Trần Hoàng Nam"),
        ("Hoàng Anh Tú", "vni", "Hoàng Anh Tú"),
        ("Lê Hà", "tcvn3", "Lê Hà"),
        ("Nguyễn Thị Hoà", "vni", "Nguyễn Thị Hòa"),  # one tone placement, as for any name
        ("Đặng Thu Thảo", "tcvn3", "Đặng Thu Thảo"),
    ],
)
def test_a_unicode_name_in_a_legacy_font_cell_is_kept(name, hint, expected):
    rows = raw([{**GOOD, "name": name}])
    rows["_hint_name"] = [hint]
    r = clean_dataset("producers", rows, REF)
    assert r.clean["name"].iloc[0] == expected
    assert pd.isna(r.clean["issues"].iloc[0])


def test_a_name_that_lost_its_u_is_noted_in_the_issues_and_kept():
    rows = raw([{**GOOD, "name": "Nguyễn Thị Phơng"}, {**GOOD, "name": "TrÇn V¨n H¬ng", "phone": "0987654321"}])
    r = clean_dataset("producers", rows, REF)
    assert list(r.clean["name"]) == ["Nguyễn Thị Phơng", "Trần Văn Hơng"]
    assert list(r.clean["issues"]) == [
        'Tên có thể mất chữ "ư" khi chuyển mã (Phơng → Phương?)',
        'Tên có thể mất chữ "ư" khi chuyển mã (Hơng → Hương?)',
    ]
    assert r.quarantine.empty  # a note, not a reason to set the row aside


def test_the_sheet_decides_the_encoding_of_an_ambiguous_name():
    """``Löu Thö`` is VNI ``Lưu Thư`` or TCVN3 ``Lửu Thử``: the other names of its sheet decide."""
    names = ["Löu Thö", "Nguyeãn Vaên Ba", "Traàn Thò Lan"]
    rows = raw([{**GOOD, "name": n, "phone": f"09{i}2345678"} for i, n in enumerate(names)])
    r = clean_dataset("producers", rows, REF)
    assert list(r.clean["name"]) == ["Lưu Thư", "Nguyễn Văn Ba", "Trần Thị Lan"]


def test_ids_are_stable_and_ignore_spelling_variants():
    a = clean_dataset("producers", raw([{**GOOD, "name": "Trần Thị Hoà", "khu_pho": "KP 01"}]), REF).clean
    b = clean_dataset(
        "producers", raw([{**GOOD, "name": "TRẦN THỊ HÒA", "khu_pho": "khu pho 1", "phone": "84912345678"}]), REF
    ).clean
    assert a["producer_id"].iloc[0] == b["producer_id"].iloc[0]


def test_input_is_not_changed():
    df = raw([GOOD])
    before = df.copy()
    clean_dataset("producers", df, REF)
    pd.testing.assert_frame_equal(df, before)


@pytest.mark.parametrize(
    ("dataset", "row", "expected"),
    [
        (
            "cooperatives",
            {
                "name": "HTX Nông nghiệp Mẫu",
                "kind": "hợp tác xã",
                "members": "45",
                "charter_capital": "1,5 tỷ",
                "established_on": "2/4/26",
            },
            {
                "kind": "HTX",
                "members": 45,
                "charter_capital_vnd": 1_500_000_000,
                "established_on": pd.Timestamp(2026, 4, 2),
            },
        ),
        (
            "crops",
            {"producer_name": "Lê Văn Ba", "crop": "SẦU RIÊNG", "area": "5000 m2", "growing_area_code": "vn-dnor 0012"},
            {"crop": "sầu riêng", "area_ha": 0.5, "growing_area_code": "VN-DNOR0012"},
        ),
        (
            "linkages",
            {
                "lead_party": "HTX A",
                "start_on": "01/03/2025",
                "contract_value": "200 triệu",
                "cooperatives": "HTX A; THT B",
            },
            {"contract_value_vnd": 200_000_000, "cooperative_names": "HTX A; THT B"},
        ),
        (
            "activities",
            {"held_on": "15/03/2026", "kind": "Tập huấn", "participants": "40"},
            {"kind": "training", "plan_task": "III.1", "participants": 40},
        ),
    ],
)
def test_other_datasets(dataset, row, expected):
    df = raw([row])
    df["source_file"] = f"{dataset}/x.xlsx"
    r = clean_dataset(dataset, df, REF)
    assert r.quarantine.empty, r.quarantine["reasons"].tolist()
    for k, v in expected.items():
        assert r.clean.iloc[0][k] == v, k


def test_cooperative_of_unknown_kind_is_quarantined():
    df = raw([{"name": "Công ty TNHH X", "kind": "Công ty", "established_on": "30/02/2025"}])
    q = clean_dataset("cooperatives", df, REF).quarantine
    assert q.iloc[0]["reasons"] == "Loại hình không phải HTX hoặc THT: Công ty; Ngày thành lập không hợp lệ: 30/02/2025"


def test_each_sheet_shows_its_own_number_style():
    """``1.200`` is 1.200 ha in a sheet that writes ``2,5`` and 1,2 ha in one that writes ``2.5``; in a
    sheet with no evidence the plausible range and a note decide (linkages: both readings plausible)."""
    rows = [
        {"lead_party": "HTX A", "start_on": "01/03/2025", "area": a} for a in ("2,5", "1.200", "2.5", "1.200", "1.200")
    ]
    df = raw(rows)
    df["source_file"] = "linkages/x.xlsx"
    df["source_sheet"] = ["Phẩy", "Phẩy", "Chấm", "Chấm", "Trống"]
    r = clean_dataset("linkages", df, REF, as_of=dt.date(2026, 11, 30))
    assert r.quarantine.empty
    assert list(r.clean["area_ha"]) == [2.5, 1200, 2.5, 1.2, 1200]
    issues = r.clean["issues"].tolist()
    assert [pd.isna(i) for i in issues] == [True, True, True, True, False]
    assert issues[4].startswith('Diện tích không rõ dấu chấm là phân cách hàng nghìn hay thập phân: "1.200"')


def test_a_service_number_is_no_households_phone_and_the_row_is_kept():
    r = clean_dataset("producers", raw([{**GOOD, "phone": "1800 1091"}]), REF)
    assert r.quarantine.empty and pd.isna(r.clean["phone"].iloc[0])
    assert r.clean["issues"].iloc[0] == "Số điện thoại là số tổng đài, dịch vụ, không phải số của hộ: 1800 1091"


def test_a_month_without_its_day_quarantines_a_required_date():
    df = raw([{"held_on": "tháng 3/2026", "kind": "Tập huấn"}])
    df["source_file"] = "activities/x.xlsx"
    q = clean_dataset("activities", df, REF).quarantine
    assert q["reasons"].tolist() == ["Ngày tổ chức chỉ ghi tháng, năm: tháng 3/2026 (cần ghi đủ ngày)"]


def test_invisible_characters_are_dropped_from_codes_too():
    import pandas as pd

    from lkdata.clean.dataset import clean_dataset
    from lkdata.io.reference import load_reference

    df = pd.DataFrame([{"producer_name": "Lê Văn Ba", "khu_pho": "KP1", "crop": "bơ", "area": "1",
                        "growing_area_code": "VN-12\u200b3 "}], dtype=object)  # fmt: skip
    df["source_file"], df["source_sheet"], df["source_row"] = "crops/a.xlsx", "S", 2
    clean = clean_dataset("crops", df, load_reference()).clean
    assert list(clean["growing_area_code"]) == ["VN-123"]
