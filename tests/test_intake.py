"""Intake templates: dropdowns from the catalogues, and a correctly filled template cleans with nothing set aside."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import openpyxl
import pytest

from lkdata.clean.fields import fields
from lkdata.config import DATASETS
from lkdata.io.reference import load_reference
from lkdata.io.templates import TEMPLATE_NAMES, write_templates
from lkdata.jobs.clean_run import run_clean

REF = load_reference()
HEADER_ROW = 4  # 1-based, as Excel shows it


def _value(dataset: str, field: str, kind: str, i: int):
    """A correct value for a field, as someone filling the template in would type or pick it."""
    names = ["Nguyễn Văn An", "Trần Thị Bình", "Lê Hoàng Cường", "Phạm Thị Dung", "Võ Minh Đức"]
    by_kind = {
        "person": names[i % len(names)],
        "phone": f"09{12345670 + i:08d}",
        "id_card": f"0751{i:08d}",
        "khu_pho": REF.khu_pho["name"].iloc[i % len(REF.khu_pho)],
        "crop": REF.crops["name"].iloc[i % len(REF.crops)],
        "cert": "VietGAP",
        "coop_kind": "HTX" if i % 2 else "THT",
        "activity_kind": REF.activity_kinds["name"].iloc[i % len(REF.activity_kinds)],
        "task": None,  # derived from the activity kind when left empty
        "bool": "Có" if i % 2 else "Không",
        "area": 1.5 + i,
        "number": 2.5 + i,
        "int": 10 + i,
        "money": 150_000_000 + i,
        "code": f"VN-DNLK-{i:04d}",
        "org_list": "HTX Mẫu Một; THT Mẫu Hai",
        "text": f"{field} {i + 1}",
    }
    if kind == "date":
        return {"gap_expires_on": dt.datetime(2028, 1, 10), "end_on": dt.datetime(2028, 1, 10),
                "dissolved_on": None}.get(field, dt.datetime(2025, 3, 1 + i))  # fmt: skip
    if field in ("ocop_stars", "ocop_year", "year"):
        return {"ocop_stars": 3 + i % 3, "ocop_year": 2020 + i, "year": 2015 + i}[field]
    if dataset == "cooperatives" and field == "name":
        return f"HTX Mẫu số {i + 1}"
    return by_kind[kind]


@pytest.fixture(scope="module")
def templates(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("templates")
    write_templates(out, REF)
    return out


def test_each_template_has_canonical_headers_dropdowns_and_a_frozen_header(templates: Path):
    for dataset in DATASETS:
        wb = openpyxl.load_workbook(templates / TEMPLATE_NAMES[dataset])
        ws = wb["Dữ liệu"]
        assert ws.freeze_panes == "A5"
        headers = [c.value for c in ws[HEADER_ROW] if c.value]
        assert headers == [REF.headers[dataset][f.name][0] for f in fields(dataset)]
        assert wb["Danh mục"].sheet_state == "hidden" and "Hướng dẫn" in wb.sheetnames
        lists = [dv.formula1 for dv in ws.data_validations.dataValidation if dv.type == "list"]
        kinds = {f.kind for f in fields(dataset)}
        expected = len(kinds & {"khu_pho", "crop", "cert", "coop_kind", "activity_kind", "task", "bool"})
        assert len([f for f in lists if "'Danh mục'!" in f]) >= expected
    khu_pho = [c.value for c in openpyxl.load_workbook(templates / TEMPLATE_NAMES["producers"])["Danh mục"]["A"]][1:]
    assert khu_pho == list(REF.khu_pho["name"])  # the lists come from the current catalogue


def test_a_filled_template_cleans_with_nothing_quarantined(templates: Path, tmp_path: Path):
    raw = tmp_path / "raw"
    for dataset in DATASETS:
        wb = openpyxl.load_workbook(templates / TEMPLATE_NAMES[dataset])
        ws = wb["Dữ liệu"]
        for i in range(5):
            for j, f in enumerate(fields(dataset), 1):
                ws.cell(HEADER_ROW + 1 + i, j, _value(dataset, f.name, f.kind, i))
        (raw / dataset).mkdir(parents=True)
        wb.save(raw / dataset / TEMPLATE_NAMES[dataset])
    run = run_clean(raw, tmp_path / "processed")
    for dataset, d in run.manifest["datasets"].items():
        assert d["rows_in"] == 5, dataset
        assert (d["clean"], d["quarantined"], d["skipped"], d["duplicates"]) == (5, 0, 0, 0), (dataset, d)
        [entry] = d["files"]
        assert entry["status"] == "ok" and entry["sheets"][0]["unmapped_columns"] == []
    assert run.tables["producers"]["gap_standard"].eq("VietGAP").all()
    assert run.tables["activities"]["plan_task"].notna().all()


# --- the checks and hints the templates carry -------------------------------------------------------------


def _validations(path: Path) -> tuple[dict[str, object], dict[str, str]]:
    """Each field's data validation (by its header) and each header's help on the instructions sheet."""
    from openpyxl.utils import get_column_letter

    wb = openpyxl.load_workbook(path)
    ws = wb["Dữ liệu"]
    headers = {get_column_letter(c.column): c.value for c in ws[HEADER_ROW] if c.value}
    by_header = {}
    for dv in ws.data_validations.dataValidation:
        letter = str(dv.sqref).split(":")[0].rstrip("0123456789")
        by_header[headers[letter]] = dv
    guide = {r[0]: r[2] for r in wb["Hướng dẫn"].iter_rows(min_row=2, values_only=True) if r[0]}
    return by_header, guide


def _serial(day: dt.date) -> int:
    return (day - dt.date(1899, 12, 30)).days


@pytest.mark.parametrize(
    ("dataset", "field", "earliest", "latest", "accepted", "refused"),
    [
        ("cooperatives", "established_on", dt.date(1950, 1, 1), "TODAY()", dt.date(1998, 5, 1), dt.date(1949, 12, 31)),
        ("cooperatives", "dissolved_on", dt.date(1950, 1, 1), "TODAY()", dt.date(2001, 1, 1), dt.date(1900, 1, 1)),
        ("producers", "registered_on", dt.date(1950, 1, 1), "TODAY()", dt.date(1995, 6, 1), dt.date(1940, 1, 1)),
        ("producers", "gap_issued_on", dt.date(2000, 1, 1), "TODAY()", dt.date(2008, 3, 1), dt.date(1999, 1, 1)),
        ("producers", "gap_expires_on", dt.date(2000, 1, 1), dt.date(2100, 12, 31), dt.date(2030, 1, 1), None),
        ("linkages", "start_on", dt.date(1990, 1, 1), dt.date(2100, 12, 31), dt.date(1998, 1, 1), None),
        ("linkages", "approved_on", dt.date(2000, 1, 1), "TODAY()", dt.date(2019, 3, 19), None),
        ("activities", "held_on", dt.date(2000, 1, 1), dt.date(2100, 12, 31), dt.date(2026, 12, 1), None),
    ],
)  # fmt: skip
def test_date_checks_follow_each_field(templates: Path, dataset, field, earliest, latest, accepted, refused):
    """A cooperative founded in 1998 can be entered; the bounds are the field's own, and said in the help."""
    checks, guide = _validations(templates / TEMPLATE_NAMES[dataset])
    header = REF.headers[dataset][field][0]
    dv = checks[header]
    assert dv.type == "date" and dv.operator in (None, "between")  # Excel's default operator is "between"
    low = int(dv.formula1)
    assert low == _serial(earliest) <= _serial(accepted)
    if latest == "TODAY()":
        assert dv.formula2 == "TODAY()" and accepted <= dt.date.today()
    else:
        assert int(dv.formula2) == _serial(latest) >= _serial(accepted)
    if refused is not None:
        assert _serial(refused) < low
    until = "đến hôm nay" if latest == "TODAY()" else "trở đi"
    assert guide[header].endswith(f"từ {earliest.strftime('%d/%m/%Y')} {until}.")
    assert dv.prompt == dv.error == guide[header]


def test_ocop_stars_are_three_to_five_and_no_hint_makes_no_sense(templates: Path):
    checks, guide = _validations(templates / TEMPLATE_NAMES["cooperatives"])
    stars = checks["Số sao OCOP"]
    assert (stars.type, stars.formula1) == ("list", '"3,4,5"')
    assert guide["Số sao OCOP"] == stars.prompt == "Chọn số sao (3 đến 5 sao)."
    year = checks["Năm công nhận OCOP"]
    assert (year.type, year.formula1, year.formula2) == ("whole", "2018", "YEAR(TODAY())")
    for dataset in DATASETS:  # every hint of every template: an example fits its field
        _, guide = _validations(templates / TEMPLATE_NAMES[dataset])
        for f in fields(dataset):
            text = guide[REF.headers[dataset][f.name][0]]
            assert text and "2100" not in text, (dataset, f.name, text)
            if f.choices:
                assert "ví dụ" not in text and str(max(f.choices)) in text, (dataset, f.name, text)
            if f.kind == "id_card":
                assert "12 chữ số" in text and "9 chữ số" in text
    assert _validations(templates / TEMPLATE_NAMES["cooperatives"])[1]["Số cán bộ quản lý được đào tạo"].endswith(
        "(ví dụ 3)."
    )
