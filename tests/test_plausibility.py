"""Plausibility rules: values outside their usual range are kept and flagged with a suggestion, never
changed; the rules are office data (``plausibility.csv``), checked when loaded."""

from __future__ import annotations

import datetime as dt
import shutil
from importlib import resources
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from lkdata.clean.dataset import clean_dataset
from lkdata.clean.fields import fields
from lkdata.clean.plausibility import is_unusual, parse_plausibility, plausibility_notes
from lkdata.errors import ReferenceDataError
from lkdata.io.reference import load_reference

REF = load_reference()
AS_OF = dt.date(2026, 11, 30)  # the clean's date, fixed: "in the future" must not depend on the clock


def raw(dataset: str, rows: list[dict]) -> pd.DataFrame:
    df = pd.DataFrame(rows, dtype=object)
    df["source_file"] = f"{dataset}/test.xlsx"
    df["source_sheet"] = "Trang 1"
    df["source_row"] = range(6, 6 + len(df))
    return df


BASE = {
    "producers": {"name": "Lê Văn Ba", "khu_pho": "KP1", "farm_area": "2,5"},
    "cooperatives": {"name": "HTX Mẫu", "kind": "HTX", "members": "20"},
    "crops": {"producer_name": "Lê Văn Ba", "crop": "sầu riêng", "area": "1,5"},
    "linkages": {"lead_party": "HTX Mẫu", "start_on": "01/03/2025", "area": "25"},
    "activities": {"held_on": "15/03/2026", "kind": "Tập huấn", "participants": "40"},
}


def issues_of(dataset: str, row: dict, as_of: dt.date = AS_OF) -> tuple[pd.Series, str | None]:
    """The cleaned row (it must be accepted) and its issues."""
    r = clean_dataset(dataset, raw(dataset, [{**BASE[dataset], **row}]), REF, as_of=as_of)
    assert r.quarantine.empty, r.quarantine["reasons"].tolist()
    clean = r.clean.iloc[0]
    return clean, clean["issues"] if pd.notna(clean["issues"]) else None


@pytest.mark.parametrize(
    ("dataset", "row", "column", "value", "issue"),
    [
        ("producers", {"farm_area": "3000"}, "farm_area_ha", 3000,
         "Diện tích vượt mức hợp lý: 3.000 ha (tối đa 50 ha), có phải 3.000 m² = 0,3 ha?"),
        ("producers", {"farm_area": "120,5"}, "farm_area_ha", 120.5,
         "Diện tích vượt mức hợp lý: 120,5 ha (tối đa 50 ha), có phải 120,5 m² = 0,012 ha?"),
        ("producers", {"farm_area": "0,005"}, "farm_area_ha", 0.005,
         "Diện tích dưới mức hợp lý: 0,005 ha (tối thiểu 0,01 ha), kiểm tra lại"),
        ("producers", {"registered_on": "02/4/2062"}, "registered_on", pd.Timestamp(2062, 4, 2),
         "Ngày đăng ký ở tương lai: 02/04/2062 (sau ngày làm sạch 30/11/2026), kiểm tra lại năm"),
        ("producers", {"gap_issued_on": "15/3/2005"}, "gap_issued_on", pd.Timestamp(2005, 3, 15),
         "Ngày cấp chứng nhận sớm hơn mức hợp lý: 15/03/2005 (sớm nhất 01/01/2008), kiểm tra lại năm"),
        ("cooperatives", {"established_on": "1/1/1948"}, "established_on", pd.Timestamp(1948, 1, 1),
         "Ngày thành lập sớm hơn mức hợp lý: 01/01/1948 (sớm nhất 01/01/1950), kiểm tra lại năm"),
        ("cooperatives", {"charter_capital": "500"}, "charter_capital_vnd", 500,
         "Vốn điều lệ dưới mức hợp lý: 500 đồng (tối thiểu 1.000.000 đồng), có phải 500 triệu đồng = "
         "500.000.000 đồng?"),
        ("cooperatives", {"charter_capital": "250 tỷ"}, "charter_capital_vnd", 250_000_000_000,
         "Vốn điều lệ vượt mức hợp lý: 250.000.000.000 đồng (tối đa 100.000.000.000 đồng), kiểm tra lại"),
        ("cooperatives", {"members": "1"}, "members", 1,
         "Số thành viên dưới mức hợp lý: 1 thành viên (tối thiểu 2 thành viên), kiểm tra lại"),
        ("cooperatives", {"members": "4.500"}, "members", 4500,
         "Số thành viên vượt mức hợp lý: 4.500 thành viên (tối đa 1.000 thành viên), kiểm tra lại"),
        ("cooperatives", {"ocop_year": "2031", "ocop_product": "Bơ sáp"}, "ocop_year", 2031,
         "Năm công nhận OCOP vượt mức hợp lý: 2031 (tối đa 2026), kiểm tra lại năm"),
        ("crops", {"area": "5000"}, "area_ha", 5000,
         "Diện tích vượt mức hợp lý: 5.000 ha (tối đa 50 ha), có phải 5.000 m² = 0,5 ha?"),
        ("crops", {"yield_t_per_ha": "15000"}, "yield_t_per_ha", 15000,
         "Năng suất vượt mức hợp lý: 15.000 tấn/ha (tối đa 100 tấn/ha), có phải 15.000 kg/ha = 15 tấn/ha?"),
        ("crops", {"yield_t_per_ha": "150000"}, "yield_t_per_ha", 150000,  # 150 tấn/ha is no better: no suggestion
         "Năng suất vượt mức hợp lý: 150.000 tấn/ha (tối đa 100 tấn/ha), kiểm tra lại"),
        ("crops", {"output_t": "12000"}, "output_t", 12000,
         "Sản lượng vượt mức hợp lý: 12.000 tấn (tối đa 5.000 tấn), có phải 12.000 kg = 12 tấn?"),
        ("crops", {"year": "2029"}, "year", 2029, "Năm trồng vượt mức hợp lý: 2029 (tối đa 2026), kiểm tra lại năm"),
        ("linkages", {"contract_value": "350"}, "contract_value_vnd", 350,
         "Giá trị hợp đồng dưới mức hợp lý: 350 đồng (tối thiểu 1.000.000 đồng), có phải 350 triệu đồng = "
         "350.000.000 đồng?"),
        ("linkages", {"households": "12.000"}, "households", 12000,
         "Số hộ tham gia vượt mức hợp lý: 12.000 hộ (tối đa 5.000 hộ), kiểm tra lại"),
        ("linkages", {"support": "35 tỷ"}, "support_vnd", 35_000_000_000,
         "Kinh phí hỗ trợ vượt mức hợp lý: 35.000.000.000 đồng (tối đa 20.000.000.000 đồng), kiểm tra lại"),
        ("activities", {"participants": "12000"}, "participants", 12000,
         "Tổng số người tham dự vượt mức hợp lý: 12.000 người (tối đa 5.000 người), kiểm tra lại"),
        ("activities", {"held_on": "15/12/2026"}, "held_on", pd.Timestamp(2026, 12, 15),
         "Ngày tổ chức ở tương lai: 15/12/2026 (sau ngày làm sạch 30/11/2026), kiểm tra lại năm"),
        ("activities", {"cost": "500"}, "cost_vnd", 500,
         "Kinh phí dưới mức hợp lý: 500 đồng (tối thiểu 100.000 đồng), có phải 500 triệu đồng = 500.000.000 đồng?"),
    ],
)  # fmt: skip
def test_a_value_out_of_range_is_kept_unchanged_and_flagged_with_a_suggestion(dataset, row, column, value, issue):
    clean, issues = issues_of(dataset, row)
    assert clean[column] == value  # kept as read: never changed silently
    assert issues == issue
    assert is_unusual(issue.split(":", 1)[0])


@pytest.mark.parametrize(
    ("dataset", "row"),
    [
        ("producers", {"farm_area": "50"}),  # the bound itself is plausible
        ("producers", {"farm_area": "0,01"}),
        ("producers", {"farm_area": "3000 m2"}),  # said in m²: 0,3 ha
        ("producers", {"registered_on": "30/11/2026"}),  # the day of the clean is not the future
        ("cooperatives", {"established_on": "1/1/1950"}),
        ("cooperatives", {"charter_capital": "0"}),  # zero is a value of its own (zero_ok)
        ("activities", {"cost": "0"}),
        ("crops", {"yield_t_per_ha": "0"}),
        ("linkages", {"start_on": "01/03/2027"}),  # a contract may start after the clean
        ("linkages", {"area": "4999"}),
    ],
)
def test_a_plausible_value_is_not_flagged(dataset, row):
    assert issues_of(dataset, row)[1] is None


def test_the_future_is_the_cleans_date_not_the_clocks():
    row = {"registered_on": "15/12/2026"}
    assert issues_of("producers", row, as_of=dt.date(2026, 12, 31))[1] is None
    assert "ở tương lai" in issues_of("producers", row, as_of=dt.date(2026, 12, 1))[1]


def test_several_flags_on_one_row_are_all_listed_with_the_other_issues():
    _, issues = issues_of("producers", {"farm_area": "3000", "registered_on": "1/1/2062", "phone": "1800 1091"})
    parts = issues.split("; ")
    assert parts[0] == "Số điện thoại là số tổng đài, dịch vụ, không phải số của hộ: 1800 1091"
    assert parts[1].startswith("Diện tích vượt mức hợp lý: 3.000 ha")
    assert parts[2].startswith("Ngày đăng ký ở tương lai: 01/01/2062")
    assert [is_unusual(p.split(":", 1)[0]) for p in parts] == [False, True, True]


def test_an_ambiguous_area_is_read_by_the_plausible_range_and_noted():
    """``1.200`` in a household list with no other evidence: 1.200 ha is beyond a household, 1,2 ha is not."""
    clean, issues = issues_of("producers", {"farm_area": "1.200"})
    assert clean["farm_area_ha"] == 1.2
    assert issues == (
        'Diện tích không rõ dấu chấm là phân cách hàng nghìn hay thập phân: "1.200", '
        "đã đọc là 1,2 ha vì 1.200 ha vượt mức hợp lý, kiểm tra lại"
    )
    assert is_unusual(issues.split(":", 1)[0])
    # in a sheet that writes decimal commas, the dot groups thousands: 1.200 ha, flagged as beyond a household
    r = clean_dataset("producers", raw("producers", [{**BASE["producers"], "farm_area": a} for a in ("2,5", "1.200")]),
                      REF, as_of=AS_OF)  # fmt: skip
    assert list(r.clean["farm_area_ha"]) == [2.5, 1200]
    assert r.clean["issues"].iloc[1].startswith("Diện tích vượt mức hợp lý: 1.200 ha (tối đa 50 ha)")


def test_absurd_values_are_refused_and_nothing_infinite_is_stored():
    """Beyond any quantity: an optional value is left empty with its reason (the record stays), a required
    one quarantines the row; no infinity is ever stored."""
    rows = [
        {**BASE["producers"], "farm_area": "1.000.000.000.000.000"},
        {**BASE["producers"], "name": "Lê Văn Hai", "farm_area": 1e308},
        {**BASE["producers"], "name": "Lê Văn Ba Mươi", "farm_area": "9" * 400},
    ]
    r = clean_dataset("producers", raw("producers", rows), REF, as_of=AS_OF)
    assert r.quarantine.empty and r.clean["farm_area_ha"].isna().all()
    assert list(r.clean["issues"].str.split(":").str[0]) == ["Diện tích quá lớn"] * 3
    assert r.clean["issues"].iloc[0] == "Diện tích quá lớn: 1.000.000.000.000.000 (đã để trống)"
    co = clean_dataset("cooperatives", raw("cooperatives", [{**BASE["cooperatives"], "charter_capital": 1e308}]),
                       REF, as_of=AS_OF)  # fmt: skip
    assert co.clean["issues"].tolist() == ["Vốn điều lệ quá lớn: 1e+308 (đã để trống)"]
    crops = clean_dataset("crops", raw("crops", [{**BASE["crops"], "output_t": float("inf")},
                                                 {**BASE["crops"], "area": "1E+308"}]), REF, as_of=AS_OF)  # fmt: skip
    assert crops.clean["issues"].tolist() == ["Sản lượng quá lớn: inf (đã để trống)"]
    assert crops.quarantine["reasons"].tolist() == ["Diện tích quá lớn: 1E+308"]  # a plot's area is required
    for frame in (r.clean, co.clean, crops.clean):
        numeric = frame.select_dtypes("number")
        assert np.isfinite(numeric.to_numpy(dtype=float, na_value=0)).all()


@pytest.mark.parametrize(
    ("dataset", "row", "reason"),
    [
        ("producers", {"farm_area": "6000"}, "Diện tích không được quá 5.000: 6000"),
        ("cooperatives", {"members": "2.000.000"}, "Số thành viên không được quá 1.000.000: 2.000.000"),
        ("cooperatives", {"ocop_stars": "25"}, "Số sao OCOP phải là 3, 4 hoặc 5: 25"),
        ("cooperatives", {"ocop_year": "9999"}, "Năm công nhận OCOP không được quá 2100: 9999"),
        ("crops", {"year": "1/1/1900"}, "Năm trồng phải từ 1950 trở lên: 1/1/1900"),
        ("crops", {"year": 1e308}, "Năm trồng không hợp lệ: 1e+308"),
        ("crops", {"yield_t_per_ha": "5.000.000"}, "Năng suất không được quá 1.000.000: 5.000.000"),
        ("linkages", {"area": "2.000.000 ha"}, "Diện tích không được quá 1.000.000: 2.000.000 ha"),
        ("linkages", {"contract_value": "500 nghìn tỷ"}, "Giá trị hợp đồng không được quá 100.000.000.000.000: "
                                                         "500 nghìn tỷ"),
        ("activities", {"participants": "5.000.000"}, "Tổng số người tham dự không được quá 1.000.000: 5.000.000"),
    ],
)  # fmt: skip
def test_an_optional_value_beyond_its_hard_limit_is_left_empty_and_the_record_kept(dataset, row, reason):
    """The schema's hard limits (far beyond plausibility's): the reason names the field and the cell as typed."""
    record, issues = issues_of(dataset, row)
    assert issues == f"{reason} (đã để trống)"
    (name,) = row
    column = next(f.column for f in fields(dataset) if f.name == name)
    assert pd.isna(record[column])


def test_every_plausible_range_lies_inside_the_hard_limits():
    """A value the office's rules only flag is never refused by the schema: each rule's range, and the values a
    unit mistake gives (m² or kg typed in a column in ha or tonnes), stay within the field's hard limits."""
    for rule in REF.plausibility:
        _, high = rule.field.bounds or (None, None)
        _, hi = rule.bounds(AS_OF)
        if rule.field.kind == "date" or high is None:
            continue
        assert hi is None or hi <= high, rule
        if rule.suggestion in ("m2_as_ha",):
            continue  # a household's area in m² (3000) fits; a plot's 5.000 ha limit is the schema's own
        if rule.suggestion == "kg_as_tonnes":
            assert hi * 1000 <= high, rule


def test_notes_are_computed_on_typed_columns_row_by_row():
    rules = REF.plausibility
    df = pd.DataFrame({"farm_area_ha": [2.5, 3000.0, np.nan, 0.005], "registered_on": pd.to_datetime([None] * 4)})
    notes = plausibility_notes("producers", df, rules, AS_OF)
    assert list(notes.isna()) == [True, False, True, False]


# --- the rules as office data ------------------------------------------------------------------------------

DEFAULT = Path(str(resources.files("lkdata") / "reference" / "plausibility.csv"))


def test_the_default_rules_load_and_cover_the_fields_the_issue_names():
    covered = {(r.dataset, r.field.name) for r in REF.plausibility}
    assert {
        ("producers", "farm_area"), ("crops", "area"), ("crops", "yield_t_per_ha"), ("cooperatives", "charter_capital"),
        ("cooperatives", "members"), ("linkages", "contract_value"), ("cooperatives", "established_on"),
        ("activities", "participants"), ("activities", "held_on"), ("producers", "registered_on"),
    } <= covered  # fmt: skip
    assert all(r.note for r in REF.plausibility), "every bound says why"


def test_an_office_copy_overrides_the_rules(tmp_path: Path):
    text = DEFAULT.read_text(encoding="utf-8").replace("producers,farm_area,0.01,50,", "producers,farm_area,0.01,5000,")
    (tmp_path / "plausibility.csv").write_text(text, encoding="utf-8")
    ref = load_reference(tmp_path)
    assert ref.sources["plausibility.csv"] == str(tmp_path / "plausibility.csv")
    r = clean_dataset("producers", raw("producers", [{**BASE["producers"], "farm_area": "3000"}]), ref, as_of=AS_OF)
    assert pd.isna(r.clean["issues"].iloc[0])


def _edit(tmp_path: Path, old: str, new: str) -> Path:
    text = DEFAULT.read_text(encoding="utf-8")
    assert old in text, old
    (tmp_path / "plausibility.csv").write_text(text.replace(old, new, 1), encoding="utf-8")
    return tmp_path


@pytest.mark.parametrize(
    ("old", "new", "message"),
    [
        ("producers,farm_area,", "producer,farm_area,", "bộ dữ liệu 'producer' không có"),
        ("producers,farm_area,", "producers,farm_aera,", "trường 'farm_aera' không có số hoặc ngày"),
        ("producers,farm_area,", "producers,name,", "trường 'name' không có số hoặc ngày"),
        ("producers,farm_area,0.01,50,", "producers,farm_area,0.01,năm mươi,", "cột max 'năm mươi' không phải số"),
        ("producers,farm_area,0.01,50,", "producers,farm_area,0.01,1.000.000,", "không phải số"),
        ("producers,farm_area,0.01,50,", "producers,farm_area,60,50,", "min '60' lớn hơn max '50'"),
        ("producers,farm_area,0.01,50,", "producers,farm_area,,,", "cần ít nhất một trong hai cột min, max"),
        ("producers,farm_area,0.01,50,ha,", "producers,farm_area,0.01,50,m2,",
         "đơn vị 'm2' không đúng: Diện tích tính bằng ha"),
        ("cooperatives,charter_capital,1000000,100000000000,đồng,", "cooperatives,charter_capital,1,100000,triệu đồng,",
         "đơn vị 'triệu đồng' không đúng"),
        ("m2_as_ha,,", "kg_as_tonnes,,", "gợi ý 'kg_as_tonnes' không dùng được cho Diện tích (có thể dùng: m2_as_ha)"),
        ("m2_as_ha,,", "square,,", "gợi ý 'square' không dùng được"),
        ("cooperatives,members,2,1000,", "cooperatives,members,2,today,", "cột max 'today' chỉ dùng cho ngày hoặc năm"),
        ("cooperatives,established_on,1950-01-01,", "cooperatives,established_on,31/02/1950,", "không phải ngày"),
        ("activities,cost,100000,5000000000,đồng,millions,yes,", "activities,cost,100000,5000000000,đồng,millions,có,",
         "cột zero_ok 'có' phải là yes, no hoặc để trống"),
        ("crops,area,0.01,50,", "producers,farm_area,0.01,50,", "trường farm_area đã có quy tắc ở dòng 2"),
    ],
)  # fmt: skip
def test_a_wrong_rule_names_the_file_the_line_and_the_value(tmp_path: Path, old, new, message):
    override = _edit(tmp_path, old, new)
    lines = (override / "plausibility.csv").read_text(encoding="utf-8").splitlines()
    line = [n for n, row in enumerate(lines, 1) if new in row][-1]  # as Excel numbers it: the header is line 1
    with pytest.raises(ReferenceDataError) as err:
        load_reference(override)
    text = str(err.value)
    assert f"Tệp {override / 'plausibility.csv'}, dòng {line}: " in text and message in text, text


def test_a_rules_file_without_a_required_column_is_a_clear_error():
    with pytest.raises(ReferenceDataError, match=r"Tệp x\.csv thiếu cột: max"):
        parse_plausibility("dataset,field,min,unit\nproducers,farm_area,0.01,ha\n", "x.csv")


def test_rules_written_by_excel_with_a_bom_crlf_and_decimal_commas_load():
    text = '\ufeffdataset,field,min,max,unit,suggestion,zero_ok,note\r\nproducers,farm_area,"0,01",50,ha,m2_as_ha,,\r\n'
    (rule,) = parse_plausibility(text, "x.csv")
    assert (rule.low, rule.high, rule.suggestion, rule.zero_ok) == (0.01, 50.0, "m2_as_ha", False)


# --- the sample ------------------------------------------------------------------------------------------


def test_the_sample_plants_no_unusual_figure(sample_dir: Path, tmp_path: Path):
    """The sample's world is ward-sized and dated before 2026-11-30: nothing in it is flagged (so its
    figures are unchanged), and its issues hold only what the sample's truth planted."""
    from lkdata.jobs.clean_run import run_clean

    shutil.rmtree(tmp_path, ignore_errors=True)
    run = run_clean(sample_dir, tmp_path, write=False, as_of=AS_OF)
    assert run.manifest["as_of"] == "2026-11-30"
    for dataset, table in run.tables.items():
        flagged = table["issues"].dropna().str.split("; ").explode()
        assert not flagged.map(lambda n: is_unusual(n.split(":", 1)[0])).any(), (dataset, flagged.tolist())
