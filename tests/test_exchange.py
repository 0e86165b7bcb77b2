"""The exchange file (`trao_doi_<period>.json`) and its sheet in the annex workbook: the writer on classes of
inputs (unknown values, no target, no last year, flow/stock/ratio), validation against the JSON Schema in the
repository, the sheet read back, and, on the rendered sample, every exchange file tied to the report's annex
and to figures recomputed here from the processed data."""

from __future__ import annotations

import datetime as dt
import json
import math
from pathlib import Path

import nbformat
import numpy as np
import openpyxl
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from lkdata.errors import ReferenceDataError
from lkdata.jobs.annex import write_annex
from lkdata.jobs.exchange import SCHEMA, exchange_errors, exchange_in, write_annex_and_exchange
from lkdata.plan.catalogue import Indicator, Plan, parse_plan
from lkdata.plan.periods import parse_period
from lkdata.report.annex import _figure
from lkdata.report.exchange import (
    FORMAT,
    SHEET,
    ExchangeHeader,
    catalogue_fingerprint,
    document_from_rows,
    exchange_document,
    exchange_record,
    exchange_sheet,
)
from lkdata.report.html import Block

WARD = {"ward": "Long Khánh", "ward_kind": "phường", "province": "Đồng Nai", "code": "26080",
        "plan": {"number": "1327/KH-UBND", "date": dt.date(2026, 4, 2), "title": "Phát triển"}}  # fmt: skip
PERIOD = parse_period("2026-H1", {"due": {"semiannual": "05-10", "annual": "11-15"}, "cutoff_margin_days": 5})

NAN = float("nan")


def _plan(kinds: list[str], definitions: list[str] | None = None) -> Plan:
    definitions = definitions or [""] * len(kinds)
    inds = tuple(Indicator(id=f"ind_{i}", task="III.1" if i % 2 else "IV", label=f"Chỉ tiêu {i}", unit="ha",
                           table="activities", selection="activities_held", kind=k, definition=d)
                 for i, (k, d) in enumerate(zip(kinds, definitions, strict=True)))  # fmt: skip
    return Plan({"III.1": "Tuyên truyền", "IV": "Kinh phí"}, inds)


def _table(plan: Plan, values, previous, targets, notes=None) -> pd.DataFrame:
    rows = [{"indicator": ind.id, "task": ind.task, "label": ind.label, "unit": ind.unit, "kind": ind.kind,
             "value": v, "previous": p, "target": t, "unknown_note": (notes or {}).get(ind.id, "")}
            for ind, v, p, t in zip(plan.indicators, values, previous, targets, strict=True)]  # fmt: skip
    return pd.DataFrame(rows)


def _doc(plan: Plan, table: pd.DataFrame, *, status: str = "final", ward: dict = WARD) -> dict:
    record = exchange_record(PERIOD, table, plan, ward)
    return exchange_document(record, generated_at="2026-05-08T09:30:00+07:00", generator="lkdata 0.1.0",
                             status=status)  # fmt: skip


def _expected(x: float) -> float | int | None:
    if x is None or (isinstance(x, float) and math.isnan(x)):
        return None
    f = _figure(float(x))
    return int(f) if float(f).is_integer() else f


# --- the writer on classes of inputs ------------------------------------------------------------------------

figures = st.one_of(st.just(NAN), st.floats(min_value=0, max_value=1e13, allow_nan=False),
                    st.integers(min_value=0, max_value=10**12).map(float))  # fmt: skip


@given(rows=st.lists(st.tuples(st.sampled_from(["flow", "stock", "ratio"]), figures, figures, figures),
                     min_size=1, max_size=12))  # fmt: skip
def test_every_indicator_with_unknowns_as_null_never_zero(rows):
    """Any mix of kinds and of known and unknown values, last year's values and targets: the file validates,
    an unknown is ``null`` (never 0), a known figure is the one the documents print, each indicator once, in
    the plan's order."""
    plan = _plan([r[0] for r in rows])
    table = _table(plan, *([r[i] for r in rows] for i in (1, 2, 3)))
    doc = _doc(plan, table)
    assert exchange_errors(doc) == []
    assert [i["id"] for i in doc["indicators"]] == list(plan.ids)
    for ind, (kind, value, previous, target) in zip(doc["indicators"], rows, strict=True):
        assert ind["kind"] == kind
        for key, raw in (("value", value), ("previous", previous), ("target", target)):
            assert ind[key] == _expected(raw), (key, raw)
            assert (ind[key] is None) == math.isnan(raw)  # unknown is null, and only unknown is


@pytest.mark.parametrize(
    ("value", "previous", "target", "want"),
    [
        (8.0, 6.0, 10.0, (8, 6, 10)),  # all known: whole numbers stay whole
        (768.64, 700.05, NAN, (768.6, 700.1, None)),  # no target set for the year: null, never 0
        (3.0, NAN, 5.0, (3, None, 5)),  # no year-ago figure (no history reaches it): null
        (0.0, 0.0, 0.0, (0, 0, 0)),  # a real zero stays zero
        (NAN, NAN, NAN, (None, None, None)),  # nothing known
        (1_500_000_000.0, 1_200_000_000.0, NAN, (1_500_000_000, 1_200_000_000, None)),  # money in đồng
    ],
)
def test_values_previous_and_targets(value, previous, target, want):
    plan = _plan(["stock"])
    doc = _doc(plan, _table(plan, [value], [previous], [target]))
    ind = doc["indicators"][0]
    assert (ind["value"], ind["previous"], ind["target"]) == want
    assert exchange_errors(doc) == []


def test_definition_ids_task_unit_and_notes():
    """The definition id is the catalogue's ``definition`` or, when it names none, the indicator's own id; what a
    figure lacks (counts, never names) becomes a note naming the indicator."""
    plan = _plan(["flow", "stock"], ["", "linkage_area_ha"])
    table = _table(plan, [1.0, 2.0], [1.0, 2.0], [1.0, 2.0], {"ind_1": "chưa có thông tin diện tích của 3 hộ"})
    doc = _doc(plan, table)
    assert [(i["id"], i["definition"], i["task"], i["unit"]) for i in doc["indicators"]] == [
        ("ind_0", "ind_0", "IV", "ha"), ("ind_1", "linkage_area_ha", "III.1", "ha")]  # fmt: skip
    assert doc["notes"] == ["ind_1 (Chỉ tiêu 1): chưa có thông tin diện tích của 3 hộ"]
    assert doc["format"] == FORMAT and doc["format_version"] == "1.1" and doc["status"] == "final"
    assert doc["period"] == {"key": "2026-H1", "kind": "H1", "start": "2026-01-01", "end": "2026-06-30",
                             "due": "2026-05-10", "label": "6 tháng đầu năm 2026"}  # fmt: skip
    assert doc["cutoff"] == "2026-05-05"
    assert doc["reporter"] == {"code": "26080", "name": "Long Khánh", "kind": "phường", "province": "Đồng Nai",
                               "parent_code": None}  # fmt: skip
    assert doc["plan"]["id"] == "1327/KH-UBND" and doc["plan"]["date"] == "2026-04-02"
    assert doc["plan"]["catalogue"].startswith("sha256:")


def test_the_fingerprint_follows_the_definitions_only():
    plan = _plan(["flow", "stock"])
    same = _plan(["flow", "stock"])
    other_kind = _plan(["flow", "flow"])
    other_definition = _plan(["flow", "stock"], ["", "shared_x"])
    assert catalogue_fingerprint(plan) == catalogue_fingerprint(same)
    assert catalogue_fingerprint(plan) != catalogue_fingerprint(other_kind)
    assert catalogue_fingerprint(plan) != catalogue_fingerprint(other_definition)


@pytest.mark.parametrize(
    ("change", "where"),
    [
        (lambda d: d["reporter"].update(code=""), "reporter.code"),
        (lambda d: d["indicators"][0].update(kind="average"), "indicators.0.kind"),
        (lambda d: d["indicators"][0].update(value="8"), "indicators.0.value"),
        (lambda d: d["period"].update(start="01/01/2026"), "period.start"),  # a date is ISO, day first is refused
        (lambda d: d.update(status="chính thức"), "status"),
        (lambda d: d["indicators"][0].update(name="Nguyễn Văn An"), "indicators.0"),  # no field for a person
        (lambda d: d.pop("cutoff"), "(gốc)"),
    ],
)
def test_the_schema_refuses_what_no_reader_could_use(change, where):
    plan = _plan(["flow"])
    doc = _doc(plan, _table(plan, [1.0], [1.0], [1.0]))
    change(doc)
    errors = exchange_errors(doc)
    assert errors and errors[0].startswith(where), errors


def test_the_schema_in_the_repository_is_the_one_validated_against():
    schema = json.loads(SCHEMA.read_text(encoding="utf-8"))
    assert schema["$schema"].endswith("2020-12/schema") and schema["properties"]["format"]["const"] == FORMAT


# --- the sheet ------------------------------------------------------------------------------------------------


@settings(max_examples=25)  # each example writes and reads a workbook
@given(rows=st.lists(st.tuples(st.sampled_from(["flow", "stock", "ratio"]), figures, figures, figures),
                     min_size=1, max_size=8), notes=st.booleans())  # fmt: skip
def test_the_sheet_reads_back_as_the_file(tmp_path_factory, rows, notes):
    plan = _plan([r[0] for r in rows])
    table = _table(plan, *([r[i] for r in rows] for i in (1, 2, 3)),
                   {"ind_0": "=chưa có thông tin của 2 hộ"} if notes else None)  # fmt: skip
    doc = _doc(plan, table, status="draft")
    path = tmp_path_factory.mktemp("sheet") / "a.xlsx"
    write_annex(path, [exchange_sheet(doc)])
    ws = openpyxl.load_workbook(path)[SHEET]
    assert document_from_rows(ws.iter_rows(values_only=True)) == doc


def test_the_sheet_reads_as_vietnamese_with_the_machines_columns_last(tmp_path: Path):
    """A person reads labels and values in words and dates first (``chính thức``, ``05/5/2026``), the indicator's
    name first and its ids last; the keys and the file's own values stay in two columns headed ``(máy đọc)``,
    outside the printed area; an unknown number is an empty cell with a note, never 0."""
    plan = _plan(["flow", "stock"])
    doc = _doc(plan, _table(plan, [8.0, NAN], [NAN, 2.0], [10.0, NAN]))
    write_annex(tmp_path / "a.xlsx", [exchange_sheet(doc)])
    ws = openpyxl.load_workbook(tmp_path / "a.xlsx")[SHEET]
    assert ws["A1"].value.startswith("Trao đổi số liệu: phường Long Khánh, 6 tháng đầu năm 2026")
    assert "lkdata-trao-doi" not in ws["A1"].value
    rows = list(ws.iter_rows(values_only=True))
    heading = next(i for i, r in enumerate(rows) if r[0] == "Nội dung")
    assert rows[heading][:2] == ("Nội dung", "Giá trị") and rows[heading][7:9] == ("Mã trường (máy đọc)",
                                                                                      "Giá trị (máy đọc)")  # fmt: skip
    head = {r[7]: (r[0], r[1], r[8]) for r in rows[heading + 1 :] if r[7]}
    assert head["status"] == ("Tình trạng", "chính thức", "final")
    assert head["cutoff"] == ("Số liệu tính đến ngày", dt.datetime(2026, 5, 5), "2026-05-05")
    assert head["generated_at"][1:] == ("09:30 ngày 08/5/2026", "2026-05-08T09:30:00+07:00")
    assert head["generator"][1] == "Phần mềm lkdata, phiên bản 0.1.0" and head["period.kind"][1] == "6 tháng đầu năm"
    assert head["reporter.code"] == ("Mã đơn vị hành chính", "26080", "26080")
    assert not head["plan.catalogue"][1].startswith("sha256") and head["plan.catalogue"][2].startswith("sha256:")
    top = next(r for r in range(1, 60) if ws.cell(r, 1).value == "Chỉ tiêu")
    assert [c.value for c in ws[top]][:10] == [
        "Chỉ tiêu", "Nhiệm vụ", "Đơn vị", "Loại số liệu", "Giá trị", "Cùng kỳ năm trước", "Chỉ tiêu năm",
        "Mã chỉ tiêu", "Mã định nghĩa", "Mã loại số liệu"]  # fmt: skip
    assert ws.freeze_panes == f"A{top + 1}"
    first, second = ([c.value for c in ws[top + k]] for k in (1, 2))
    assert first[:4] == ["Chỉ tiêu 0", "IV", "ha", "phát sinh trong kỳ"] and first[7:] == ["ind_0", "ind_0", "flow"]
    assert first[4:7] == [8, None, 10] and second[4:7] == [None, 2, None]  # unknown: an empty cell
    assert second[3] == "có đến ngày chốt"
    assert ws.cell(top + 1, 6).comment.text.startswith("Chưa có số liệu cùng kỳ")
    assert ws.cell(top + 2, 5).comment.text.startswith("Chưa có số liệu")
    assert ws.cell(top + 2, 7).comment.text == "Chưa giao chỉ tiêu năm."
    assert ws.print_area == f"'{SHEET}'!$A$1:$G${ws.max_row}"  # the machine's columns are not printed
    assert ws.print_title_rows == "$1:$1"  # the caption on every page (the block of fields is too long to repeat)


def test_a_kind_reads_back_from_its_code_whatever_its_words(tmp_path: Path):
    """The sheet keeps each indicator's kind as a code in a column that is not printed: a later wording of the
    kinds (or a person retyping the printed words) never changes what is read; a sheet written before that
    column (no ``Mã loại số liệu``) is read through the words it printed, even once lkdata words kinds otherwise."""
    plan = _plan(["flow", "stock"])
    doc = _doc(plan, _table(plan, [8.0, NAN], [NAN, 2.0], [10.0, NAN]))
    write_annex(tmp_path / "a.xlsx", [exchange_sheet(doc)])
    rows = [list(r) for r in openpyxl.load_workbook(tmp_path / "a.xlsx")[SHEET].iter_rows(values_only=True)]
    top = next(i for i, r in enumerate(rows) if r[0] == "Chỉ tiêu")
    words, code = rows[top].index("Loại số liệu"), rows[top].index("Mã loại số liệu")
    assert [r[code] for r in rows[top + 1 : top + 3]] == ["flow", "stock"]
    reworded = [r[:] for r in rows]
    for r in reworded[top + 1 : top + 3]:
        r[words] = "số liệu đã đổi cách gọi"
    assert [i["kind"] for i in document_from_rows(reworded)["indicators"]] == ["flow", "stock"]
    before = [r[:code] + r[code + 1 :] for r in rows]  # the layout of format 1.1 until 2026-12-01 ...
    for r, said in zip(before[top + 1 : top + 3], ("phát sinh trong kỳ", "có đến ngày chốt"), strict=True):
        r[words] = said  # ... with the words it printed then, whatever lkdata prints now
    assert [i["kind"] for i in document_from_rows(before)["indicators"]] == ["flow", "stock"]
    assert document_from_rows(rows) == document_from_rows(before)


def test_a_workbook_of_format_1_0_still_reads(tmp_path: Path):
    """The annex lkdata wrote before this layout (format 1.0: the key in the first column, headings ``Giá trị
    (value)``), kept as written by the sample's 2026-H1 report: read back as its JSON file, and counted by the
    Department's consolidate."""
    from lkdata.jobs.consolidate import consolidate_folder

    old = Path(__file__).parent / "exchange_1_0"
    ws = openpyxl.load_workbook(old / "phu_luc_so_lieu_2026-H1.xlsx")[SHEET]
    assert ws["A3"].value == "format" and ws["C4"].value == "1.0"  # the old layout indeed
    doc = json.loads((old / "trao_doi_2026-H1.json").read_text(encoding="utf-8"))
    assert document_from_rows(ws.iter_rows(values_only=True)) == doc
    inbox = tmp_path / "nhan"
    inbox.mkdir()
    (inbox / "phu_luc.xlsx").write_bytes((old / "phu_luc_so_lieu_2026-H1.xlsx").read_bytes())
    c = consolidate_folder("2026-H1", inbox)
    assert c.reported == 1 and c.refused.empty and list(c.reports["code"]) == ["26080"]
    totals = c.totals().set_index("definition")["total"]
    assert totals["training_courses"] == next(i["value"] for i in doc["indicators"] if i["id"] == "training_courses")


# --- the job's side: the record the notebook carries, draft or final, no code ---------------------------------


class _Job:
    class period:
        slug = "2026-H1"

    title = "Báo cáo"


def _notebook(record: dict | None) -> nbformat.NotebookNode:
    nb = nbformat.v4.new_notebook()
    cell = nbformat.v4.new_code_cell("R.header()")
    if record is not None:
        bundle = ExchangeHeader(Block("<p>BÁO CÁO</p>", "BÁO CÁO", {"kind": "header"}), record)._repr_mimebundle_()
        cell.outputs = [nbformat.v4.new_output("display_data", data=bundle)]
    nb.cells = [cell]
    return nb


@pytest.mark.parametrize(("placeholders", "status"), [([], "final"), ([{"what": "x", "todo": "y"}], "draft")])
def test_the_job_writes_a_valid_file_draft_while_placeholders_remain(tmp_path: Path, placeholders, status):
    plan = _plan(["flow", "stock", "ratio"])
    record = exchange_record(PERIOD, _table(plan, [1.0, NAN, 0.5], [NAN, 1.0, 0.4], [2.0, NAN, NAN]), plan, WARD)
    nb = _notebook(record)
    assert exchange_in(nb) == record
    files, said = write_annex_and_exchange(nb, _Job, tmp_path, placeholders=placeholders,
                                           created="2026-05-08T09:30:00+07:00")  # fmt: skip
    assert said == [] and [f.name for f in files] == ["phu_luc_so_lieu_2026-H1.xlsx", "trao_doi_2026-H1.json"]
    doc = json.loads((tmp_path / "trao_doi_2026-H1.json").read_text(encoding="utf-8"))
    assert exchange_errors(doc) == [] and doc["status"] == status
    assert doc["generated_at"] == "2026-05-08T09:30:00+07:00" and doc["generator"].startswith("lkdata ")
    ws = openpyxl.load_workbook(tmp_path / "phu_luc_so_lieu_2026-H1.xlsx")[SHEET]
    assert document_from_rows(ws.iter_rows(values_only=True)) == doc


def test_no_code_in_the_ward_profile_writes_no_exchange_file_and_says_so(tmp_path: Path):
    plan = _plan(["flow"])
    record = exchange_record(PERIOD, _table(plan, [1.0], [1.0], [1.0]), plan, {**WARD, "code": None})
    files, said = write_annex_and_exchange(_notebook(record), _Job, tmp_path, placeholders=[], created="x")
    assert files == [] and not (tmp_path / "trao_doi_2026-H1.json").exists()
    assert len(said) == 1 and "chưa có mã đơn vị hành chính (khóa code" in said[0]


def test_an_invalid_record_is_not_written(tmp_path: Path):
    plan = _plan(["flow"])
    record = exchange_record(PERIOD, _table(plan, [1.0], [1.0], [1.0]), plan, {**WARD, "plan": {}})
    files, said = write_annex_and_exchange(_notebook(record), _Job, tmp_path, placeholders=[],
                                           created="2026-05-08T09:30:00+07:00")  # fmt: skip
    assert files == [] and "không đúng định dạng (plan.id:" in said[0]


# --- the catalogue's definition column and the ward's code ---------------------------------------------------


def _plan_texts(definition_cells: list[str] | None) -> dict[str, str]:
    head = "id,task,label,unit,table,selection,selection_args,where,aggregation,column,kind"
    rows = [f"{x},III.1,{x.upper()},lớp,activities,activities_held,,,count,,flow" for x in "ab"]
    if definition_cells is not None:
        head += ",definition"
        rows = [f"{r},{d}" for r, d in zip(rows, definition_cells, strict=True)]
    return {"tasks.csv": "task,key,title\nIII.1,communication,Tuyên truyền\n",
            "indicators.csv": "\n".join([head, *rows]) + "\n",
            "report_tables.csv": "table,indicator,label,order\n"}  # fmt: skip


@pytest.mark.parametrize(
    ("cells", "want"),
    [(None, ["a", "b"]), (["", ""], ["a", "b"]), (["training_courses", ""], ["training_courses", "b"]),
     (["x.1", "x-2"], ["x.1", "x-2"])],
)  # fmt: skip
def test_the_definition_column_is_optional_and_defaults_to_the_id(cells, want):
    plan = parse_plan(_plan_texts(cells))
    assert [i.definition_id for i in plan.indicators] == want


@pytest.mark.parametrize("bad", ["diện tích", "a b", "-x", "ha;ha"])
def test_a_definition_id_that_is_no_id_is_refused_with_file_and_line(bad):
    with pytest.raises(ReferenceDataError, match=r"indicators.csv, dòng 2: mã định nghĩa"):
        parse_plan(_plan_texts([bad, ""]))


@pytest.mark.parametrize(("text", "ok"), [('code: "26080"', True), ("code: '00004'", True), ("code: 26080", False),
                                          ("code: 00004", False), ("code: [1, 2]", False), ('code: "a b"', False),
                                          ('code: ""', None), ("code:", False)])  # fmt: skip
def test_the_ward_code_is_text(tmp_path: Path, text: str, ok: bool | None):
    """A code is text (a bare number would lose its leading zeros); written empty, it is not written (the
    exchange file is then not made, and the report says so)."""
    import yaml

    from lkdata.io.office_files import check_ward

    data = yaml.safe_load(f"ward: Long Khánh\n{text}\n")
    if ok is None:
        assert "code" not in check_ward(data, tmp_path / "ward.yaml")
    elif ok:
        assert check_ward(data, tmp_path / "ward.yaml")["code"] == yaml.safe_load(text)["code"]
    else:
        with pytest.raises(ReferenceDataError, match=r"khóa code: .*dấu ngoặc kép"):
            check_ward(data, tmp_path / "ward.yaml")


def test_the_shipped_ward_and_plan_carry_code_and_definitions():
    from lkdata.io.reference import load_plan, load_reference

    ref = load_reference(None)
    assert ref.ward["code"] == "26080"
    plan = load_plan(None, ref)
    assert all(i.definition_id == i.id for i in plan.indicators)  # the shipped plan defines its own


# --- on the rendered sample -------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def processed(cleaned_project: Path) -> dict[str, pd.DataFrame]:
    folder = cleaned_project / "data" / "processed"
    return {n: pd.read_parquet(folder / f"{n}.parquet") for n in ("activities", "linkages", "cooperatives")}


def _recomputed(t: dict[str, pd.DataFrame], start: str, cutoff: str) -> dict[str, float]:
    """A few figures from their definitions in plain pandas (not lkdata's selections): flows from the start of
    the period to the cut-off day, both included."""
    act, lk, coop = t["activities"], t["linkages"], t["cooperatives"]
    s, c = pd.Timestamp(start), pd.Timestamp(cutoff)

    def inside(col: pd.Series) -> pd.Series:
        return (col >= s) & (col <= c)

    training = act[inside(act["held_on"]) & (act["kind"] == "training")]
    approved = lk[inside(lk["approved_on"])]
    return {
        "training_courses": float(len(training)),
        "training_participants": float(pd.to_numeric(training["participants"], errors="coerce").sum()),
        "inspections": float((inside(act["held_on"]) & (act["kind"] == "inspection")).sum()),
        "budget_spent_vnd": float(pd.to_numeric(act.loc[inside(act["held_on"]), "cost_vnd"], errors="coerce").sum()),
        "linkages_approved": float(len(approved)),
        "support_vnd": float(pd.to_numeric(approved["support_vnd"], errors="coerce").sum()),
        "coops_new": float(inside(coop["established_on"]).sum()),
    }


@pytest.mark.e2e
@pytest.mark.parametrize("period", ["2026-H1", "2026"])
def test_each_report_writes_a_valid_exchange_file_tied_to_its_figures(rendered_reports, report_project: Path,
                                                                      processed, period):  # fmt: skip
    folder = report_project / "reports" / period
    doc = json.loads((folder / f"trao_doi_{period}.json").read_text(encoding="utf-8"))
    assert exchange_errors(doc) == []
    manifest = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
    assert f"trao_doi_{period}.json" in {o["file"] for o in manifest["outputs"]}
    assert doc["generated_at"] == manifest["created"]
    index = (report_project / "reports" / "index.html").read_text(encoding="utf-8")
    assert f"{period}/trao_doi_{period}.json" in index and "JSON (trao đổi số liệu)" in index
    # a draft while placeholders remain, and on the sample's figures (never "final"): the banner its first note
    assert manifest["sample"] and doc["status"] == "draft"
    assert doc["notes"][0] == "DỮ LIỆU MẪU - không dùng cho báo cáo chính thức"
    assert doc["reporter"]["code"] == "26080" and doc["plan"]["id"] == "1327/KH-UBND"
    assert doc["cutoff"] == manifest["period"]["cutoff"] and doc["period"]["key"] == period
    from lkdata.io.reference import load_plan

    assert [i["id"] for i in doc["indicators"]] == list(load_plan(None).ids)  # every indicator of the plan
    by_id = {i["id"]: i for i in doc["indicators"]}
    # 1. recomputed here from the processed tables: this period and the same period a year earlier
    now = _recomputed(processed, doc["period"]["start"], doc["cutoff"])
    year_ago = _recomputed(processed, *(str(pd.Timestamp(d) - pd.DateOffset(years=1))[:10]
                                        for d in (doc["period"]["start"], doc["cutoff"])))  # fmt: skip
    for ind, value in now.items():
        assert by_id[ind]["value"] == _expected(value), ind
        assert by_id[ind]["previous"] == _expected(year_ago[ind]), ind
    assert any(v for v in now.values())  # the sample has such activities: not a comparison of zeros
    # 2. as the annex prints them: the task tables (Bảng N) read by label, this period's column
    wb = openpyxl.load_workbook(folder / f"phu_luc_so_lieu_{period}.xlsx")
    assert wb.sheetnames[-1] == SHEET
    assert document_from_rows(wb[SHEET].iter_rows(values_only=True)) == doc
    printed = 0
    top = 3 + (2 if manifest["placeholders"] else 1)  # below DỰ THẢO and the sample's banner, the caption
    for ws in wb.worksheets[:-1]:
        head = [c.value for c in ws[top]]
        if "Chỉ tiêu" not in head or not any(str(h).startswith("Đến ") for h in head if h):
            continue
        col = next(j for j, h in enumerate(head) if str(h).startswith("Đến "))
        labels = {i["label"]: i for i in doc["indicators"]}
        for row in ws.iter_rows(min_row=top + 1, values_only=True):
            ind = labels.get(row[head.index("Chỉ tiêu")])
            if ind is None or not isinstance(row[col], (int, float)):
                continue
            if "Đơn vị" in head and row[head.index("Đơn vị")] == "triệu đồng":  # tables print money in millions
                assert abs(row[col] * 1_000_000 - ind["value"]) <= 50_000, (ws.title, ind["id"], row[col])
            else:
                assert row[col] == ind["value"], (ws.title, ind["id"], row[col])
            printed += 1
    assert printed >= 10, "the annex's task tables show the indicators' figures"
    # 3. no personal data: only the fields of the schema, and no name of a household
    producers = pd.read_parquet(report_project / "data" / "processed" / "producers.parquet")
    text = json.dumps(doc, ensure_ascii=False)
    assert not [n for n in producers["name"].dropna().unique() if len(str(n)) > 6 and str(n) in text]
    assert not np.isnan([v for i in doc["indicators"] for v in (i["value"], i["previous"], i["target"])
                         if v is not None]).any()  # fmt: skip


@pytest.mark.e2e
def test_the_wards_exchange_file_is_read_by_the_departments_consolidate(rendered_reports, report_project: Path,
                                                                        tmp_path: Path):  # fmt: skip
    """Writer and reader together: the file Long Khánh's report wrote, and a neighbour's made from it with other
    figures, consolidate into province totals that are their sums, definition by definition."""
    from lkdata.io.province import load_communes
    from lkdata.jobs.consolidate import consolidate_folder

    ours = json.loads((report_project / "reports" / "2026-H1" / "trao_doi_2026-H1.json").read_text(encoding="utf-8"))
    communes = load_communes()
    assert ours["reporter"]["code"] in set(communes["code"])  # the ward's code is in the province's list
    other = communes[communes["code"] != ours["reporter"]["code"]].iloc[0]
    theirs = json.loads(json.dumps(ours))
    theirs["reporter"] |= {"code": other["code"], "name": other["name"], "kind": other["kind"]}
    for i in theirs["indicators"]:
        i["value"] = None if i["value"] is None else i["value"] * 2
    inbox = tmp_path / "nhan_ve"
    inbox.mkdir()
    for name, doc in (("long_khanh.json", ours), ("xa_ben.json", theirs)):
        (inbox / name).write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")
    c = consolidate_folder("2026-H1", inbox)
    assert c.reported == 2 and len(c.refused) == 0
    totals = c.totals().set_index("definition")
    checked = 0
    for i in ours["indicators"]:
        if i["kind"] in ("flow", "stock") and i["value"] is not None:
            assert totals.loc[i["definition"], "total"] == pytest.approx(3 * i["value"]), i["id"]
            checked += 1
    assert checked >= 20
