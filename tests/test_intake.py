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
