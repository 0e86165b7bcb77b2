"""A value nobody supplied is unknown, never a default (issue 14, defect 5).

A file without a column, or a blank cell, leaves the value empty (``<NA>``); only a cell that says so
(``không``, ``chưa``, ``chưa có``, ``0``) is a definite no. The indicators count known values and say
how many records are unknown; the manifest and the quality report name the fields a file lacks; the
report says what its figures lack.
"""

from __future__ import annotations

import csv
import json
from pathlib import Path

import openpyxl
import pandas as pd
import pytest

from lkdata.api import parse_period
from lkdata.clean.dataset import clean_dataset
from lkdata.clean.fields import fields, missing_fields
from lkdata.io.reference import load_plan, load_reference
from lkdata.jobs.clean_run import run_clean
from lkdata.plan.indicators import breakdown, indicators, unknown_phrase
from lkdata.report.quality import files_missing_fields, missing_fields_block
from lkdata.vn.text import fold

REF = load_reference()
PLAN = load_plan()
WARD = {"due": {"semiannual": "05-10", "annual": "11-15"}, "cutoff_margin_days": 5}
H1 = parse_period("2026-H1", WARD)  # cut-off 05/5/2026


# --- cleaning: absent column, blank cell, explicit no ---------------------------------------------------

#: Fields that a file may lack: dataset, field, a row that is otherwise complete, the answer written
#: as a definite no, and the cleaned value of that no.
ANSWERS = [
    ("producers", "gap_standard", "không", "không"),
    ("producers", "gap_standard", "Chưa có", "không"),
    ("producers", "trained", "Không", False),
    ("producers", "trained", "chưa", False),
    ("producers", "ecommerce", "không có", False),
    ("producers", "ecommerce", "0", False),
    ("cooperatives", "credit_access", "Không", False),
    ("cooperatives", "members", "0", 0),
    ("cooperatives", "managers_trained", "0", 0),
    ("crops", "growing_area_code", "chưa có", "không"),
    ("crops", "growing_area_code", "Không", "không"),
    ("crops", "gap_standard", "chưa", "không"),
    ("linkages", "households", "0", 0),
    ("activities", "participants", "0", 0),
    ("activities", "cost", "0", 0),
]

ROWS = {
    "producers": {"name": "Trần Văn An", "khu_pho": "KP1", "phone": "0912345678"},
    "cooperatives": {"name": "HTX Bưởi Long Khánh", "kind": "HTX"},
    "crops": {"producer_name": "Trần Văn An", "crop": "bưởi", "area": "1,5"},
    "linkages": {"lead_party": "HTX Bưởi Long Khánh", "start_on": "01/3/2025"},
    "activities": {"held_on": "10/3/2026", "kind": "Tập huấn"},
}


def _raw(dataset: str, cells: dict) -> pd.DataFrame:
    df = pd.DataFrame([cells], dtype=object)
    df["source_file"], df["source_sheet"], df["source_row"] = f"{dataset}/a.xlsx", "Sheet1", 5
    return df


def _cleaned(dataset: str, field: str, cells: dict):
    r = clean_dataset(dataset, _raw(dataset, cells), REF)
    assert r.quarantine.empty, r.quarantine.get("reasons")
    column = next(f.column for f in fields(dataset) if f.name == field)
    return r.clean.iloc[0][column]


@pytest.mark.parametrize(("dataset", "field", "written_no", "no"), ANSWERS)
def test_absent_and_blank_are_unknown_and_a_written_no_is_a_no(dataset, field, written_no, no):
    base = ROWS[dataset]
    assert pd.isna(_cleaned(dataset, field, base))  # the file has no such column
    for blank in ("", "   ", None):
        assert pd.isna(_cleaned(dataset, field, {**base, field: blank}))
    value = _cleaned(dataset, field, {**base, field: written_no})
    assert not pd.isna(value) and value == no


def test_the_schema_accepts_unknown_values_of_every_optional_field():
    """Every field that is not required may be empty in the processed table (the schema is nullable)."""
    from lkdata.clean.schemas import MODELS

    for dataset, model in MODELS.items():
        schema = model.to_schema()
        for f in fields(dataset):
            if not f.required and f.name != "plan_task":  # the plan task follows from the kind
                assert schema.columns[f.column].nullable, (dataset, f.column)


def test_missing_fields_are_the_registry_fields_no_column_provides():
    every = [f.name for f in fields("producers")]
    assert missing_fields("producers", every) == []
    lacking = missing_fields("producers", [n for n in every if n not in ("gap_standard", "ecommerce")])
    assert lacking == ["Tiêu chuẩn chứng nhận", "Bán trên sàn TMĐT"]


# --- indicators on small tables -------------------------------------------------------------------------


def _tables(**overrides) -> dict[str, pd.DataFrame]:
    """Processed-like tables: one household, plot, cooperative, linkage and training, every value known."""
    t = pd.Timestamp
    producers = pd.DataFrame({
        "producer_id": ["P1"], "khu_pho": ["Khu phố 1"], "gap_standard": ["VietGAP"],
        "gap_issued_on": [t("2025-01-01")], "gap_expires_on": [t("2028-01-01")], "farm_area_ha": [2.0],
        "ecommerce": pd.array([True], dtype="boolean"), "registered_on": [t("2020-01-01")],
    })  # fmt: skip
    crops = pd.DataFrame({"producer_id": ["P1"], "growing_area_code": ["VN-DNOR-0001"], "area_ha": [1.0],
                          "crop": ["bưởi"], "khu_pho": ["Khu phố 1"], "gap_standard": ["VietGAP"]})  # fmt: skip
    cooperatives = pd.DataFrame({
        "cooperative_id": ["C1"], "kind": ["HTX"],
        "established_on": [t("2015-01-01")], "dissolved_on": [pd.NaT], "khu_pho": ["Khu phố 1"],
        "members": pd.array([20], dtype="Int64"), "managers_trained": pd.array([2], dtype="Int64"),
        "credit_access": pd.array([True], dtype="boolean"), "ocop_product": ["Bưởi Long Khánh"],
        "ocop_stars": pd.array([4], dtype="Int64"), "ocop_year": pd.array([2024], dtype="Int64"),
    })  # fmt: skip
    linkages = pd.DataFrame({
        "start_on": [t("2025-01-01")], "end_on": [pd.NaT], "households": pd.array([10], dtype="Int64"),
        "area_ha": [5.0], "volume_t": [50.0], "contract_value_vnd": pd.array([10**9], dtype="Int64"),
        "cooperative_ids": ["C1"], "approved_on": [pd.NaT], "support_vnd": pd.array([None], dtype="Int64"),
        "crop": ["bưởi"], "status": ["đang thực hiện"],
    })  # fmt: skip
    activities = pd.DataFrame({
        "kind": ["training"], "held_on": [t("2026-03-10")], "khu_pho": ["Khu phố 1"],
        **{c: pd.array([30], dtype="Int64") for c in ("participants", "participants_households",
                                                       "participants_cooperatives", "participants_enterprises")},
        "cost_vnd": pd.array([1_000_000], dtype="Int64"),
    })  # fmt: skip
    tables = {"producers": producers, "crops": crops, "cooperatives": cooperatives, "linkages": linkages,
              "activities": activities}  # fmt: skip
    for name, rows in overrides.items():  # extra records, appended to a table
        tables[name] = pd.concat([tables[name], pd.DataFrame(rows).astype(tables[name].dtypes.to_dict())],
                                 ignore_index=True)  # fmt: skip
    return tables


T = pd.Timestamp
NaT = pd.NaT

#: Extra records whose value is unknown (or a definite no), and what each indicator then says:
#: (case, table, records, indicator, value, unknown, note).
CASES = [
    ("standard unknown", "producers",
     [{"producer_id": "P2", "khu_pho": "Khu phố 2", "gap_standard": None, "gap_issued_on": NaT, "gap_expires_on": NaT,
       "farm_area_ha": 1.0, "ecommerce": True, "registered_on": T("2020-01-01")}] * 1,
     "producers_certified", 1, 1, "chưa có thông tin tiêu chuẩn chứng nhận của 1 hộ"),
    ("standard written no", "producers",
     [{"producer_id": "P2", "khu_pho": "Khu phố 2", "gap_standard": "không", "gap_issued_on": NaT,
       "gap_expires_on": NaT, "farm_area_ha": 1.0, "ecommerce": True, "registered_on": T("2020-01-01")}],
     "producers_certified", 1, 0, ""),
    ("standard known, expiry unknown", "producers",
     [{"producer_id": "P2", "khu_pho": "Khu phố 2", "gap_standard": "VietGAP", "gap_issued_on": T("2025-01-01"),
       "gap_expires_on": NaT, "farm_area_ha": 1.0, "ecommerce": True, "registered_on": T("2020-01-01")}],
     "producers_vietgap", 1, 1, "chưa có thông tin ngày hết hạn chứng nhận của 1 hộ"),
    ("standard unknown, certificate expired", "producers",  # known not to count, whatever the standard
     [{"producer_id": "P2", "khu_pho": "Khu phố 2", "gap_standard": None, "gap_issued_on": T("2020-01-01"),
       "gap_expires_on": T("2023-01-01"), "farm_area_ha": 1.0, "ecommerce": True, "registered_on": T("2020-01-01")}],
     "producers_certified", 1, 0, ""),
    ("another standard is no VietGAP", "producers",
     [{"producer_id": "P2", "khu_pho": "Khu phố 2", "gap_standard": "GlobalGAP", "gap_issued_on": T("2025-01-01"),
       "gap_expires_on": NaT, "farm_area_ha": 1.0, "ecommerce": True, "registered_on": T("2020-01-01")}],
     "producers_vietgap", 1, 0, ""),
    ("area of a certified household unknown", "producers",
     [{"producer_id": "P2", "khu_pho": "Khu phố 2", "gap_standard": "hữu cơ", "gap_issued_on": T("2025-01-01"),
       "gap_expires_on": T("2029-01-01"), "farm_area_ha": None, "ecommerce": True, "registered_on": T("2020-01-01")}],
     "certified_area_ha", 1.0, 1,  # P1's certified plot; P2 has no plot row: its farm area stands for them
     "chưa có thông tin diện tích của 1 hộ; 1 hộ chưa kê khai thửa thì tính theo diện tích canh tác của hộ"),
    ("online sales unknown", "producers",
     [{"producer_id": f"P{i}", "khu_pho": "Khu phố 2", "gap_standard": "không", "gap_issued_on": NaT,
       "gap_expires_on": NaT, "farm_area_ha": 1.0, "ecommerce": None, "registered_on": T("2020-01-01")}
      for i in range(2, 14)],
     "producers_ecommerce", 1, 12, "chưa có thông tin bán trên sàn TMĐT của 12 hộ"),
    ("online sales written no", "producers",
     [{"producer_id": "P2", "khu_pho": "Khu phố 2", "gap_standard": "không", "gap_issued_on": NaT,
       "gap_expires_on": NaT, "farm_area_ha": 1.0, "ecommerce": False, "registered_on": T("2020-01-01")}],
     "producers_ecommerce", 1, 0, ""),
    ("code unknown", "crops",
     [{"producer_id": "P1", "growing_area_code": None, "area_ha": 2.0, "crop": "bơ", "khu_pho": "Khu phố 1",
       "gap_standard": "không"}],
     "growing_area_code_area_ha", 1.0, 1, "chưa có thông tin mã số vùng trồng của 1 thửa"),
    ("code written no", "crops",
     [{"producer_id": "P1", "growing_area_code": "không", "area_ha": 2.0, "crop": "bơ", "khu_pho": "Khu phố 1",
       "gap_standard": "không"}],
     "growing_area_codes", 1, 0, ""),
    ("credit unknown", "cooperatives",
     [{"cooperative_id": "C2", "kind": "THT",
       "established_on": T("2016-01-01"), "dissolved_on": NaT, "khu_pho": "Khu phố 2", "members": 5,
       "managers_trained": 0, "credit_access": None, "ocop_product": "không", "ocop_stars": None,
       "ocop_year": None}],
     "coops_credit_access", 1, 1, "chưa có thông tin tiếp cận tín dụng của 1 HTX/THT"),
    ("members unknown", "cooperatives",
     [{"cooperative_id": "C2", "kind": "THT",
       "established_on": T("2016-01-01"), "dissolved_on": NaT, "khu_pho": "Khu phố 2", "members": None,
       "managers_trained": 0, "credit_access": False, "ocop_product": "không", "ocop_stars": None,
       "ocop_year": None}],
     "coop_members", 20, 1, "chưa có thông tin số thành viên của 1 HTX/THT"),
    ("members of a dissolved cooperative unknown", "cooperatives",  # not counted anyway
     [{"cooperative_id": "C2", "kind": "THT",
       "established_on": T("2016-01-01"), "dissolved_on": T("2020-01-01"), "khu_pho": "Khu phố 2",
       "members": None, "managers_trained": 0, "credit_access": False, "ocop_product": "không",
       "ocop_stars": None, "ocop_year": None}],
     "coop_members", 20, 0, ""),
    ("OCOP unknown", "cooperatives",
     [{"cooperative_id": "C2", "kind": "THT",
       "established_on": T("2016-01-01"), "dissolved_on": NaT, "khu_pho": "Khu phố 2", "members": 5,
       "managers_trained": 0, "credit_access": False, "ocop_product": None, "ocop_stars": None,
       "ocop_year": None}],
     "ocop_products", 1, 1, "chưa có thông tin số sao OCOP của 1 HTX/THT"),
    ("OCOP written no", "cooperatives",
     [{"cooperative_id": "C2", "kind": "THT",
       "established_on": T("2016-01-01"), "dissolved_on": NaT, "khu_pho": "Khu phố 2", "members": 5,
       "managers_trained": 0, "credit_access": False, "ocop_product": "Chưa có", "ocop_stars": None,
       "ocop_year": None}],
     "ocop_products", 1, 0, ""),
    ("OCOP year unknown", "cooperatives",  # once read as "not yet rated" (year 9999)
     [{"cooperative_id": "C2", "kind": "THT",
       "established_on": T("2016-01-01"), "dissolved_on": NaT, "khu_pho": "Khu phố 2", "members": 5,
       "managers_trained": 0, "credit_access": False, "ocop_product": "Mít sấy", "ocop_stars": 3,
       "ocop_year": None}],
     "ocop_3_star", 0, 1, "chưa có thông tin năm công nhận OCOP của 1 HTX/THT"),
    ("participants unknown", "activities",
     [{"kind": "training", "held_on": T("2026-04-01"), "khu_pho": None, "participants": None,
       "participants_households": None, "participants_cooperatives": None, "participants_enterprises": None,
       "cost_vnd": 0}],
     "training_participants", 30, 1, "chưa có thông tin tổng số người tham dự của 1 hoạt động"),
    ("cost unknown", "activities",
     [{"kind": "inspection", "held_on": T("2026-04-01"), "khu_pho": None, "participants": 3,
       "participants_households": 0, "participants_cooperatives": 0, "participants_enterprises": 0,
       "cost_vnd": None}],
     "budget_spent_vnd", 1_000_000, 1, "chưa có thông tin kinh phí của 1 hoạt động"),
    ("households written 0", "linkages",
     [{"start_on": T("2025-06-01"), "end_on": NaT, "households": 0, "area_ha": 1.0, "volume_t": 1.0,
       "contract_value_vnd": 1, "cooperative_ids": "C1", "approved_on": NaT, "support_vnd": None, "crop": "bơ",
       "status": None}],
     "linkage_households", 10, 0, ""),
    ("households unknown", "linkages",
     [{"start_on": T("2025-06-01"), "end_on": NaT, "households": None, "area_ha": 1.0, "volume_t": 1.0,
       "contract_value_vnd": 1, "cooperative_ids": "C1", "approved_on": NaT, "support_vnd": None, "crop": "bơ",
       "status": None}],
     "linkage_households", 10, 1, "chưa có thông tin số hộ tham gia của 1 liên kết"),
]  # fmt: skip


@pytest.mark.parametrize(("case", "table", "records", "indicator", "value", "unknown", "note"), CASES,
                         ids=[c[0] for c in CASES])  # fmt: skip
def test_indicators_count_known_values_and_say_how_many_are_unknown(case, table, records, indicator, value,
                                                                    unknown, note):  # fmt: skip
    df = indicators(H1, _tables(**{table: records}), targets={}, plan=PLAN).set_index("indicator")
    assert df.at[indicator, "value"] == pytest.approx(value)
    assert df.at[indicator, "unknown"] == unknown
    assert df.at[indicator, "unknown_note"] == note


def test_with_every_value_known_nothing_is_unknown():
    df = indicators(H1, _tables(), targets={}, plan=PLAN)
    assert (df["unknown"] == 0).all() and (df["unknown_note"] == "").all()
    assert df.set_index("indicator").at["producers_certified", "value"] == 1


def test_each_indicator_that_reads_an_answer_counts_the_record_that_lacks_it():
    unknown_everywhere = {
        name: t.assign(**{c: None for c in t.columns if c not in ("kind", "held_on", "start_on", "producer_id",
                                                                  "established_on", "dissolved_on", "end_on",
                                                                  "registered_on")})
        for name, t in _tables().items()
    }  # fmt: skip
    df = indicators(H1, unknown_everywhere, targets={}, plan=PLAN).set_index("indicator")
    depends = {i.id: i.depends for i in PLAN.indicators}
    for ind in (
        "producers_certified",
        "producers_ecommerce",
        "coop_members",
        "coops_credit_access",
        "ocop_products",
        "growing_area_codes",
        "training_participants",
        "budget_spent_vnd",
        "linkage_households",
    ):
        assert df.at[ind, "unknown"] == 1 and df.at[ind, "value"] == 0, ind
    # the columns each indicator depends on come from its catalogue entry, not from a list kept here
    assert depends["producers_ecommerce"] == ("ecommerce",)
    assert depends["coop_members"] == ("members",)
    assert depends["producers_certified"][0] == "gap_standard"
    assert depends["training_courses"] == () and depends["linkage_cooperatives"] == ("end_on",)


def test_breakdown_counts_the_unknown_records_of_each_group():
    rows = [{"producer_id": f"P{i}", "khu_pho": kp, "gap_standard": None, "gap_issued_on": NaT,
             "gap_expires_on": NaT, "farm_area_ha": 1.0, "ecommerce": None, "registered_on": T("2020-01-01")}
            for i, kp in enumerate(["Khu phố 2", "Khu phố 2", "Khu phố 3"], 2)]  # fmt: skip
    b = breakdown("producers_ecommerce", H1, _tables(producers=rows), by="khu_pho", plan=PLAN)
    got = dict(zip(b["khu_pho"], zip(b["value"], b["unknown"], strict=True), strict=True))
    assert got == {"Khu phố 1": (1.0, 0), "Khu phố 2": (0.0, 2), "Khu phố 3": (0.0, 1)}


def test_the_phrase_names_each_missing_field_with_its_records():
    assert unknown_phrase({}) == ""
    assert unknown_phrase({("producers", "gap_standard"): 0}) == ""
    assert unknown_phrase({("producers", "gap_standard"): 12}) == "chưa có thông tin tiêu chuẩn chứng nhận của 12 hộ"
    assert unknown_phrase({("producers", "gap_standard"): 1234, ("crops", "growing_area_code"): 3}) == (
        "chưa có thông tin tiêu chuẩn chứng nhận của 1.234 hộ, mã số vùng trồng của 3 thửa"
    )


# --- a whole clean: files without columns, with blank cells, with written noes --------------------------


def _write_csv(path: Path, header: list[str], rows: list[list]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding="utf-8", newline="") as f:
        csv.writer(f).writerows([header, *rows])


#: The answer columns of the second file of each dataset: header, the cells of its two rows when written
#: as a no (a blank variant leaves them empty, an absent variant drops the column).
VARIANT = {
    "producers": (["Tiêu chuẩn chứng nhận", "Đã tập huấn", "Bán trên sàn TMĐT"], ["không", "Không", "chưa"]),
    "cooperatives": (["Số thành viên", "Số cán bộ quản lý được đào tạo", "Tiếp cận tín dụng", "Sản phẩm OCOP"],
                     ["0", "0", "Không", "Chưa có"]),
    "crops": (["Mã số vùng trồng"], ["chưa có"]),
    "linkages": (["Số hộ tham gia"], ["0"]),
    "activities": (["Tổng số người tham dự", "Kinh phí"], ["0", "0"]),
}  # fmt: skip


def _raw_folder(root: Path, variant: str) -> Path:
    """A raw folder with, per dataset, a complete file of one record and a second file of two records
    whose answers are absent (no column), blank, or written as a no."""
    raw = root / "data" / "raw"
    known = {
        "producers": (["Họ và tên chủ hộ", "Số điện thoại", "Khu phố", "Diện tích canh tác", "Ngày đăng ký",
                       "Tiêu chuẩn chứng nhận", "Ngày cấp chứng nhận", "Ngày hết hạn chứng nhận", "Đã tập huấn",
                       "Bán trên sàn TMĐT"],
                      [["Trần Văn An", "0912345678", "KP1", "2", "01/3/2020", "VietGAP", "01/01/2025", "01/01/2028",
                        "Có", "Có"]]),
        "cooperatives": (["Tên HTX/THT", "Loại hình", "Ngày thành lập", "Khu phố", "Số thành viên",
                          "Số cán bộ quản lý được đào tạo", "Tiếp cận tín dụng", "Sản phẩm OCOP", "Số sao OCOP",
                          "Năm công nhận OCOP"],
                         [["HTX Bưởi Long Khánh", "HTX", "01/01/2015", "KP1", "20", "2", "Có", "Bưởi", "4", "2024"]]),
        "crops": (["Tên chủ hộ", "Số điện thoại", "Khu phố", "Cây trồng", "Diện tích", "Mã số vùng trồng"],
                  [["Trần Văn An", "0912345678", "KP1", "bưởi", "1", "VN-DNOR-0001"]]),
        "linkages": (["Tên dự án/chuỗi liên kết", "Đơn vị chủ trì", "Sản phẩm", "Ngày bắt đầu", "Số hộ tham gia"],
                     [["Chuỗi bưởi", "HTX Bưởi Long Khánh", "bưởi", "01/01/2025", "10"]]),
        "activities": (["Ngày tổ chức", "Loại hoạt động", "Khu phố", "Tổng số người tham dự", "Kinh phí"],
                       [["10/3/2026", "Tập huấn", "KP1", "30", "1.000.000"]]),
    }  # fmt: skip
    others = {
        "producers": (["Họ và tên chủ hộ", "Số điện thoại", "Khu phố", "Diện tích canh tác", "Ngày đăng ký"],
                      [["Lê Thị Bình", "0912345679", "KP2", "1", "01/3/2020"],
                       ["Phạm Văn Cường", "0912345670", "KP2", "1", "01/3/2020"]]),
        "cooperatives": (["Tên HTX/THT", "Loại hình", "Ngày thành lập", "Khu phố"],
                         [["THT Mít Suối Tre", "THT", "01/01/2016", "KP2"],
                          ["HTX Chôm Chôm Bảo Vinh", "HTX", "01/01/2017", "KP3"]]),
        "crops": (["Tên chủ hộ", "Số điện thoại", "Khu phố", "Cây trồng", "Diện tích"],
                  [["Lê Thị Bình", "0912345679", "KP2", "mít", "1"],
                   ["Phạm Văn Cường", "0912345670", "KP2", "bơ", "1"]]),
        "linkages": (["Tên dự án/chuỗi liên kết", "Đơn vị chủ trì", "Sản phẩm", "Ngày bắt đầu"],
                     [["Chuỗi mít", "THT Mít Suối Tre", "mít", "01/6/2025"],
                      ["Chuỗi bơ", "HTX Chôm Chôm Bảo Vinh", "bơ", "01/7/2025"]]),
        "activities": (["Ngày tổ chức", "Loại hoạt động", "Khu phố"],
                       [["11/3/2026", "Tập huấn", "KP2"], ["12/3/2026", "Tập huấn", "KP3"]]),
    }  # fmt: skip
    for dataset, (header, rows) in known.items():
        _write_csv(raw / dataset / "a_day_du.csv", header, rows)
        extra_header, noes = VARIANT[dataset]
        header, rows = others[dataset]
        if variant == "blank":
            header, rows = header + extra_header, [r + [""] * len(noes) for r in rows]
        elif variant == "no":
            header, rows = header + extra_header, [r + noes for r in rows]
        _write_csv(raw / dataset / "b_thieu.csv", header, rows)
    return raw


@pytest.fixture(scope="module", params=["absent", "blank", "no"])
def variant_run(request, tmp_path_factory):
    raw = _raw_folder(tmp_path_factory.mktemp(request.param), request.param)
    run = run_clean(raw, raw.parent / "processed", write=False)
    return request.param, run


#: indicator -> (value, unknown when the second files' answers are absent or blank)
EXPECTED = {
    "producers_registered": (3, 0),
    "producers_certified": (1, 2),
    "producers_ecommerce": (1, 2),
    "growing_area_codes": (1, 2),
    "coops_active": (3, 0),
    "coop_members": (20, 2),
    "coop_managers_trained": (2, 2),
    "coops_credit_access": (1, 2),
    "ocop_products": (1, 2),
    "linkage_households": (10, 2),
    "training_courses": (3, 0),
    "training_participants": (30, 2),
    "budget_spent_vnd": (1_000_000, 2),
}


def test_a_whole_clean_keeps_unknown_apart_from_no(variant_run):
    variant, run = variant_run
    for d in run.manifest["datasets"].values():
        assert d["quarantined"] == 0, d
    df = indicators(H1, run.tables, targets={}, plan=PLAN).set_index("indicator")
    for ind, (value, unknown) in EXPECTED.items():
        assert df.at[ind, "value"] == value, (variant, ind)
        assert df.at[ind, "unknown"] == (0 if variant == "no" else unknown), (variant, ind)
    note = df.at["producers_certified", "unknown_note"]
    assert note == ("" if variant == "no" else "chưa có thông tin tiêu chuẩn chứng nhận của 2 hộ")


def test_the_manifest_names_per_file_the_fields_it_lacks(variant_run):
    variant, run = variant_run
    files = {f["path"]: f for d in run.manifest["datasets"].values() for f in d["files"]}
    lacking = files["producers/b_thieu.csv"]["missing_fields"]
    answers = {"Tiêu chuẩn chứng nhận", "Tập huấn", "Bán trên sàn TMĐT"}
    assert (answers <= set(lacking)) == (variant == "absent")
    assert not answers & set(files["producers/a_day_du.csv"]["missing_fields"])
    assert "Ngày cấp chứng nhận" in lacking and "Số CCCD" in lacking  # neither file has those columns
    assert "Họ và tên chủ hộ" not in lacking and "Tên" not in lacking
    block = missing_fields_block(files_missing_fields(run.manifest))._repr_html_()
    assert "b_thieu.csv" in block and ("Bán trên sàn TMĐT" in block) == (variant == "absent")


def test_a_file_read_by_no_sheet_lacks_nothing_said():
    manifest = {"datasets": {"producers": {"files": [{"path": "producers/x.xlsx", "missing_fields": []},
                                                     {"path": "producers/y.csv"}]}}}  # fmt: skip
    assert files_missing_fields(manifest) == {}
    assert "đủ các cột" in missing_fields_block({})._repr_html_()


# --- the report, on a copy of the sample whose producers workbook lost its certification column ----------


@pytest.fixture(scope="module")
def project_without_certification(copy_project) -> Path:
    project = copy_project("no_certification")
    book_path = project / "data" / "raw" / "producers" / "ho_san_xuat_bo_sung_2026.xlsx"
    book = openpyxl.load_workbook(book_path)
    removed = 0
    for ws in book.worksheets:
        for row in ws.iter_rows(max_row=20):
            hit = [
                c
                for c in row
                if isinstance(c.value, str) and fold(c.value) in ("tieu chuan gap", "tieu chuan chung nhan")
            ]
            if hit:
                ws.delete_cols(hit[0].column)
                removed += 1
                break
    assert removed, "the supplement has a certification column to remove"
    book.save(book_path)
    run_clean(project / "data" / "raw", project / "data" / "processed")
    return project


def test_the_report_says_what_the_certification_figures_lack(project_without_certification, monkeypatch):
    import lkdata

    project = project_without_certification
    monkeypatch.setenv("LKDATA_ROOT", str(project))
    manifest = json.loads((project / "data" / "processed" / "manifest.json").read_text(encoding="utf-8"))
    files = {f["path"]: f for f in manifest["datasets"]["producers"]["files"]}
    assert "Tiêu chuẩn chứng nhận" in files["producers/ho_san_xuat_bo_sung_2026.xlsx"]["missing_fields"]
    assert "Tiêu chuẩn chứng nhận" not in files["producers/ho_san_xuat_theo_khu_pho.xlsx"]["missing_fields"]

    producers = lkdata.load("producers")
    R = lkdata.open_report("2026-H1")
    cut = pd.Timestamp(R.period.cutoff)
    # households whose standard nobody gave, and whose certificate dates do not already rule it out
    on_list = producers["registered_on"].isna() | (producers["registered_on"] <= cut)  # a stock: on the list then
    undecided = (
        producers["gap_standard"].isna() & ~(producers["gap_issued_on"] > cut) & ~(producers["gap_expires_on"] < cut)
    ) & on_list
    from_supplement = undecided & producers["source_file"].eq("producers/ho_san_xuat_bo_sung_2026.xlsx")
    assert from_supplement.sum() > 0  # the lost column left these households unknown, not "không"
    n = int(undecided.sum())
    fact = R.facts.producers_certified
    assert fact.unknown == n
    phrase = f"chưa có thông tin tiêu chuẩn chứng nhận của {n} hộ"
    assert fact.unknown_note == phrase
    note = R.unknown_note("III.4").text
    assert phrase in note and "chỉ tính những trường hợp đã có thông tin" in note
    # the certified households counted are those whose standard is known and valid at the cut-off
    valid = producers["gap_standard"].notna() & producers["gap_standard"].ne("không")
    valid &= (producers["gap_issued_on"] <= cut) & (producers["gap_expires_on"] >= cut) & on_list
    assert fact.value == int(valid.sum())
    quality = lkdata.open_quality("2026-H1").missing_fields_table()._repr_html_()
    assert "ho_san_xuat_bo_sung_2026.xlsx" in quality and "Tiêu chuẩn chứng nhận" in quality
