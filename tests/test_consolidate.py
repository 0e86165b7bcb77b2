"""``lkdata consolidate``: the province's roll-up of the communes' exchange files. Inputs come from the exchange
file factory (every file schema-valid, then broken on purpose where a test needs it); the totals are checked
against a recomputation written from the definition, not from lkdata's code; the rendered report is read back
(those tests render HTML, PDF and Word: marked ``e2e``)."""

from __future__ import annotations

import datetime as dt
import json
import re
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from lkdata.cli import main
from lkdata.config import Paths
from lkdata.errors import InternalError
from lkdata.io.exchange_inbox import Received, read_inbox, schema_problems
from lkdata.io.province import load_communes, load_department, load_ratios
from lkdata.jobs.consolidate import consolidate_folder, run_consolidate, summary_lines
from lkdata.plan.consolidate import consolidate
from lkdata.plan.periods import parse_period
from lkdata.sample.exchange_files import exchange_file, indicator

COMMUNES = load_communes()
PROFILE = load_department()
H1 = parse_period("2026-H1", PROFILE)  # due 10/5/2026
ON_TIME = "2026-05-08T09:30:00+07:00"
LATE = "2026-05-12T10:00:00+07:00"


def _commune(i: int) -> tuple[str, str, str]:
    row = COMMUNES.iloc[i]
    return row["code"], row["name"], row["kind"]


def _write(folder: Path, name: str, data: dict | str) -> None:
    text = data if isinstance(data, str) else json.dumps(data, ensure_ascii=False)
    (folder / name).write_text(text, encoding="utf-8")


# --- reference data --------------------------------------------------------------------------------------


def test_the_province_list_has_its_95_units_with_official_codes():
    assert len(COMMUNES) == 95
    assert COMMUNES["code"].is_unique and COMMUNES["code"].str.fullmatch(r"\d{5}").all()
    assert COMMUNES["kind"].value_counts().to_dict() == {"xã": 72, "phường": 23}  # NQ 1662/NQ-UBTVQH15
    assert COMMUNES.set_index("code").loc["26080", "name"] == "Long Khánh"


def test_the_department_profile_and_the_ratios():
    assert "SỞ NÔNG NGHIỆP" in PROFILE["issuing_body"] and PROFILE["issuing_body"][0] == "UBND TỈNH ĐỒNG NAI"
    assert H1.due == dt.date(2026, 5, 10)
    assert load_ratios()["producers_certified_share"][:3] == ("producers_certified", "producers_registered", 100.0)


def test_an_office_copy_of_the_communes_replaces_the_list(tmp_path):
    (tmp_path / "communes.csv").write_text("# bản của Sở\ncode,name,kind\n99001,Thử,xã\n", encoding="utf-8")
    assert list(load_communes(tmp_path)["code"]) == ["99001"]


# --- the factory -----------------------------------------------------------------------------------------


def test_the_factory_makes_only_schema_valid_files():
    assert schema_problems(exchange_file(*_commune(0))) == []
    with pytest.raises(InternalError, match="cutoff"):
        exchange_file(*_commune(0), cutoff="05/5/2026")


# --- refusals: one class of bad file per row -------------------------------------------------------------


def _broken(kind: str) -> tuple[str, str]:
    """A file of ``kind`` and the words its refusal must say."""
    good = exchange_file(*_commune(1), generated_at=ON_TIME)
    if kind == "malformed":
        return json.dumps(good)[:200], "không đọc được JSON"
    if kind == "not exchange":
        return json.dumps({"type": "FeatureCollection", "features": []}), "không phải tệp trao đổi"
    if kind == "version 2":
        return json.dumps(good | {"format_version": "2.0"}), "phiên bản định dạng 2.0"
    if kind == "schema":
        bad = json.loads(json.dumps(good))
        bad["indicators"][2]["value"] = "12 chuỗi"
        del bad["reporter"]["code"]
        return json.dumps(bad), "indicators[3].value: phải là số"
    if kind == "wrong period":
        return json.dumps(exchange_file(*_commune(1), period="2025-H1")), "không phải kỳ đang tổng hợp"
    if kind == "unknown code":
        return json.dumps(exchange_file("99999", "Long Khánh", "phường")), "có mã 26080"
    if kind == "unit differs":
        inds = [indicator("linkage_area_ha", 5.0, unit="m2")]
        return json.dumps(exchange_file(*_commune(1), indicators=inds)), "đơn vị 'm2', khác đơn vị 'ha'"
    if kind == "kind differs":
        inds = [indicator("training_courses", 1, kind="stock")]
        said = "ghi loại số liệu “có đến ngày chốt”, khác loại “phát sinh trong kỳ”"  # one wording of kinds
        return json.dumps(exchange_file(*_commune(1), indicators=inds)), said
    if kind == "twice one definition":
        inds = [indicator("training_courses", 1), indicator("training_courses", 2, id="lop_tap_huan")]
        return json.dumps(exchange_file(*_commune(1), indicators=inds)), "cùng theo định nghĩa 'training_courses'"
    if kind == "unit inside a ward":
        data = exchange_file("KP01", "Khu phố 1", "khu phố")
        data["reporter"]["parent_code"] = "26080"
        return json.dumps(data), "Sở chỉ tổng hợp tệp của xã, phường"
    raise AssertionError(kind)


KINDS = ["malformed", "not exchange", "version 2", "schema", "wrong period", "unknown code", "unit differs",
         "kind differs", "twice one definition", "unit inside a ward"]  # fmt: skip


@pytest.mark.parametrize("kind", KINDS)
def test_a_bad_file_is_refused_with_its_name_and_reason_and_counts_nothing(tmp_path, kind):
    text, words = _broken(kind)
    _write(tmp_path, "gui_ve.json", text)
    _write(tmp_path, "tot.json", exchange_file(*_commune(0), generated_at=ON_TIME))
    c = consolidate_folder("2026-H1", tmp_path)
    assert list(c.refused["file"]) == ["gui_ve.json"]
    assert words in c.refused["reason"].iloc[0]
    assert list(c.reports["code"]) == [_commune(0)[0]]  # only the good file counts
    assert set(c.values["code"]) == {_commune(0)[0]}


def test_a_definition_against_most_communes_is_refused(tmp_path):
    own = "so_diem_ban_hang"  # a definition the province's catalogue does not know
    for i in range(3):
        inds = [indicator(own, 4, label="Điểm bán hàng", unit="điểm", kind="stock")]
        _write(tmp_path, f"x{i}.json", exchange_file(*_commune(i), indicators=inds))
    odd = [indicator(own, 4, label="Điểm bán hàng", unit="cửa hàng", kind="stock")]
    _write(tmp_path, "x9.json", exchange_file(*_commune(9), indicators=odd))
    c = consolidate_folder("2026-H1", tmp_path)
    assert list(c.refused["file"]) == ["x9.json"]
    assert "đa số các xã, phường" in c.refused["reason"].iloc[0]
    assert c.totals().set_index("definition").loc[own, "total"] == 12


# --- who reported ---------------------------------------------------------------------------------------


def test_newer_file_of_a_commune_replaces_the_older_and_nothing_is_counted_twice(tmp_path):
    code, name, kind = _commune(3)
    old = exchange_file(code, name, kind, generated_at=ON_TIME, indicators=[indicator("training_courses", 5)])
    new = exchange_file(code, name, kind, generated_at="2026-05-09T07:00:00+07:00",
                        indicators=[indicator("training_courses", 7)])  # fmt: skip
    _write(tmp_path, "z_cu.json", old)  # the older file sorts last by name: the time decides, not the name
    _write(tmp_path, "a_moi.json", new)
    c = consolidate_folder("2026-H1", tmp_path)
    assert list(c.replaced["file"]) == ["z_cu.json"] and list(c.replaced["by"]) == ["a_moi.json"]
    assert c.reported == 1
    assert c.totals().set_index("definition").loc["training_courses", "total"] == 7


def test_late_files_count_but_are_marked_late_and_rates_follow_dhis2(tmp_path):
    for i in range(10):
        _write(tmp_path, f"{i}.json", exchange_file(*_commune(i), generated_at=LATE if i < 3 else ON_TIME))
    c = consolidate_folder("2026-H1", tmp_path)
    assert (c.expected, c.reported, c.on_time, len(c.late), len(c.missing)) == (95, 10, 7, 3, 85)
    assert c.reporting_rate == pytest.approx(100 * 10 / 95)
    assert c.timeliness == pytest.approx(100 * 7 / 95)
    assert set(c.late["code"]) == {_commune(i)[0] for i in range(3)}
    assert _commune(50)[0] in set(c.missing["code"])


# --- totals, against a recomputation from the definition ------------------------------------------------


def _expected_totals(files: list[dict]) -> dict[str, tuple[float | None, int]]:
    """Written from the definition: per shared definition, the sum of the values reported (null: not reported,
    left out) and how many communes reported one; a share is 100 * sum(numerators) / sum(denominators) over the
    communes that reported both parts."""
    out: dict[str, tuple[float | None, int]] = {}
    defs = {i["definition"] for f in files for i in f["indicators"]}
    for d in defs:
        values = [i["value"] for f in files for i in f["indicators"] if i["definition"] == d]
        known = [v for v in values if v is not None]
        out[d] = (sum(known) if known else None, len(known))
    num, den = {}, {}
    for f in files:
        by = {i["definition"]: i["value"] for i in f["indicators"]}
        if by.get("producers_certified") is not None and by.get("producers_registered") is not None:
            num[f["reporter"]["code"]] = by["producers_certified"]
            den[f["reporter"]["code"]] = by["producers_registered"]
    out["producers_certified_share"] = (100 * sum(num.values()) / sum(den.values()), len(num))
    return out


def test_totals_match_a_recomputation_from_the_definition(tmp_path):
    files = [exchange_file(*_commune(i), generated_at=ON_TIME) for i in range(20)]
    files[4]["indicators"][0]["value"] = None  # not reported: never 0
    for i, f in enumerate(files):
        _write(tmp_path, f"f{i}.json", f)
    totals = consolidate_folder("2026-H1", tmp_path).totals().set_index("definition")
    for d, (total, covered) in _expected_totals(files).items():
        assert totals.loc[d, "covered"] == covered, d
        assert totals.loc[d, "total"] == pytest.approx(total), d
        assert totals.loc[d, "communes"] == 20


@settings(max_examples=40, deadline=None)
@given(st.lists(st.one_of(st.none(), st.integers(0, 10_000)), min_size=2, max_size=12))
def test_a_null_is_not_reported_never_zero(values):
    received = [Received(f"{i}.json", exchange_file(*_commune(i), indicators=[indicator("training_courses", v)]))
                for i, v in enumerate(values)]  # fmt: skip
    t = consolidate(received, H1, COMMUNES).totals().set_index("definition").loc["training_courses"]
    known = [v for v in values if v is not None]
    assert t["covered"] == len(known)
    assert (t["total"] is None) if not known else t["total"] == sum(known)


def test_a_share_is_never_added_up(tmp_path):
    for i in range(3):
        inds = [indicator("ty_le_lien_ket", 50.0, label="Tỷ lệ hộ liên kết", unit="%", kind="ratio")]
        _write(tmp_path, f"{i}.json", exchange_file(*_commune(i), indicators=inds))
    t = consolidate_folder("2026-H1", tmp_path).totals().set_index("definition").loc["ty_le_lien_ket"]
    assert t["total"] is None and t["how"] == "tỷ lệ: không cộng"


def test_matched_by_definition_never_by_label(tmp_path):
    a = [indicator("training_courses", 3, id="lop", label="Số lớp tập huấn")]
    b = [indicator("training_courses", 4, id="tap_huan", label="Lớp bồi dưỡng kiến thức liên kết")]
    c_ = [indicator("coop_training_events", 9, label="Số lớp tập huấn", unit="lớp", kind="flow")]
    for i, inds in enumerate((a, b, c_)):
        _write(tmp_path, f"{i}.json", exchange_file(*_commune(i), indicators=inds))
    c = consolidate_folder("2026-H1", tmp_path)
    totals = c.totals().set_index("definition")
    assert totals.loc["training_courses", "total"] == 7
    assert "coop_training_events" not in totals.index  # one commune's own: not totalled, listed
    assert list(c.own()["label"]) == ["Số lớp tập huấn"]


# --- the rendered report --------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def rendered(tmp_path_factory):
    root = tmp_path_factory.mktemp("so")
    inbox = root / "nhan_ve"
    inbox.mkdir()
    files = [exchange_file(*_commune(i), generated_at=LATE if i == 2 else ON_TIME) for i in range(6)]
    for i, f in enumerate(files):
        _write(inbox, f"bao_cao_{i}.json", f)
    _write(inbox, "bao_cao_0_lan_2.json", exchange_file(*_commune(0), generated_at="2026-05-09T15:00:00+07:00",
                                                         indicators=files[0]["indicators"]))  # fmt: skip
    _write(inbox, "hong.json", "{ khong phai json")
    _write(inbox, "ky_truoc.json", exchange_file(*_commune(7), period="2025"))
    (inbox / "bao_cao_0.pdf").write_bytes(b"%PDF-1.4")
    result = run_consolidate("2026-H1", inbox, paths=Paths(root), today=dt.date(2026, 5, 20))
    return result, files


@pytest.mark.e2e
def test_the_report_is_written_in_every_format(rendered):
    result, _ = rendered
    names = {f.name for f in result.outputs}
    assert {"tong_hop_2026-H1.html", "tong_hop_2026-H1.pdf", "tong_hop_2026-H1.docx",
            "tong_hop_2026-H1.xlsx"} <= names  # fmt: skip


def _pdf_text(path: Path) -> str:
    from pypdf import PdfReader

    return re.sub(r"\s+", " ", " ".join(p.extract_text() for p in PdfReader(path).pages))


@pytest.mark.e2e
def test_the_pdf_says_who_reported_what_was_refused_and_the_totals(rendered):
    result, files = rendered
    text = _pdf_text(next(f for f in result.outputs if f.suffix == ".pdf"))
    assert "SỞ NÔNG NGHIỆP" in text and "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in text
    assert "6 tháng đầu năm 2026" in text
    assert "Tỷ lệ báo cáo 6,3% (6/95 xã, phường)" in text  # 6 of 95
    assert "tỷ lệ báo cáo đúng hạn 5,3% (5/95)" in text
    assert "hong.json" in text and "ky_truoc.json" in text and "không phải kỳ đang tổng hợp" in text
    assert "bao_cao_0_lan_2.json" in text and "không tính hai lần" in text
    _code, name, kind = _commune(2)
    assert f"tệp lập ngày 12/5/2026: {kind} {name}" in " ".join(text.split())
    assert f"{_commune(90)[2]} {_commune(90)[1]}" in text  # a commune that has not reported is named
    expected = _expected_totals(files)["linkage_area_ha"][0]
    shown = f"{expected:,.1f}".replace(",", "X").replace(".", ",").replace("X", ".").removesuffix(",0")
    assert shown in text
    assert "Nơi nhận" in text and "KT. GIÁM ĐỐC" in text


@pytest.mark.e2e
def test_the_html_and_the_word_copy_carry_the_same_tables(rendered):
    from docx import Document

    result, _ = rendered
    html = next(f for f in result.outputs if f.suffix == ".html").read_text(encoding="utf-8").replace("\xa0", " ")
    assert "Bảng 2. Kết quả tổng hợp toàn tỉnh 6 tháng đầu năm 2026" in html
    assert "Tệp không được tổng hợp và lý do" in html and "<script" not in html.lower()
    doc = Document(str(next(f for f in result.outputs if f.suffix == ".docx")))
    # a cell's pieces are written unbreakable ("Toàn\u00a0tỉnh"): read as the text they stand for
    cells = {c.text for t in doc.tables for row in t.rows for c in row.cells}
    cells = {c.replace("\u00a0", " ").replace("\u2060", "") for c in cells}
    assert "hong.json" in cells and "Toàn tỉnh" in cells


@pytest.mark.e2e
def test_the_cli_says_each_refused_file_and_exits_1(tmp_path, capsys, monkeypatch):
    monkeypatch.chdir(tmp_path)
    inbox = tmp_path / "nhan"
    inbox.mkdir()
    _write(inbox, "a.json", exchange_file(*_commune(0)))
    _write(inbox, "b.json", "[1, 2")
    code = main(["--root", str(tmp_path), "consolidate", "2026-H1", "--from", str(inbox), "--formats", "html"])
    out = capsys.readouterr().out
    assert code == 1
    assert "1/95 xã, phường" in out and "TỪ CHỐI  b.json: không đọc được JSON" in out
    assert (tmp_path / "reports" / "tong_hop" / "2026-H1" / "tong_hop_2026-H1.html").is_file()


def test_the_inbox_reads_json_files_and_lists_the_rest(tmp_path):
    (tmp_path / "con").mkdir()
    _write(tmp_path / "con", "X.JSON", exchange_file(*_commune(0)))
    (tmp_path / "bao_cao.docx").write_bytes(b"PK")
    inbox = read_inbox(tmp_path)
    assert [r.name for r in inbox.received] == ["con/X.JSON"] and inbox.other_files == ["bao_cao.docx"]


def test_an_annex_workbook_sent_alone_is_read_like_the_json_file(tmp_path):
    """A commune that emails only its annex workbook (the sheet "Trao đổi số liệu"): read, checked and counted;
    the same report sent as JSON and as workbook counts once; a workbook without the sheet is not read; a
    damaged one is refused with its reason."""
    from lkdata.jobs.annex import write_annex
    from lkdata.report.exchange import exchange_sheet

    first, second = exchange_file(*_commune(0)), exchange_file(*_commune(1))
    write_annex(tmp_path / "phu_luc_so_lieu_2026-H1.xlsx", [exchange_sheet(first)])
    write_annex(tmp_path / "xa_2" / "phu_luc.xlsx", [exchange_sheet(second)])
    _write(tmp_path / "xa_2", "trao_doi_2026-H1.json", second)  # the same report, both ways
    (tmp_path / "danh_sach.xlsx").write_bytes((tmp_path / "phu_luc_so_lieu_2026-H1.xlsx").read_bytes())
    from openpyxl import load_workbook

    book = load_workbook(tmp_path / "danh_sach.xlsx")
    book["Trao đổi số liệu"].title = "Danh sách"  # a workbook of something else
    book.save(tmp_path / "danh_sach.xlsx")
    (tmp_path / "hong.xlsx").write_bytes(b"PK\x03\x04 not a workbook")
    c = consolidate_folder("2026-H1", tmp_path)
    assert c.reported == 2 and sorted(c.reports["code"]) == sorted([_commune(0)[0], _commune(1)[0]])
    refused = dict(zip(c.refused["file"], c.refused["reason"], strict=True))
    assert list(refused) == ["hong.xlsx"] and "không đọc được sổ Excel" in refused["hong.xlsx"]
    assert "danh_sach.xlsx" in c.other_files
    # the totals are those of the two reports, the second counted once
    for d in first["indicators"]:
        other = next(i for i in second["indicators"] if i["definition"] == d["definition"])
        if d["kind"] in ("flow", "stock") and d["value"] is not None and other["value"] is not None:
            total = c.totals().set_index("definition").loc[d["definition"], "total"]
            assert total == pytest.approx(d["value"] + other["value"]), d["definition"]
    assert len(c.replaced) == 1  # the JSON and the workbook of one report: one counts, the other is listed
    from lkdata.report.consolidated import ConsolidatedDocument

    text = ConsolidatedDocument(c, load_department(), made_on=dt.date(2026, 5, 20)).reporting_text().text
    assert "là cùng một báo cáo" in text and "chỉ tính một lần" in text and "lập sau" not in text


@pytest.mark.e2e
def test_the_workbook_holds_every_value_and_leaves_unreported_ones_empty(rendered):
    from openpyxl import load_workbook

    result, files = rendered
    wb = load_workbook(next(f for f in result.outputs if f.suffix == ".xlsx"), read_only=True)
    assert "Số liệu chi tiết" in wb.sheetnames and "Bảng 2" in wb.sheetnames
    rows = [r for r in wb["Số liệu chi tiết"].iter_rows(values_only=True) if r and r[0] and str(r[0]).isdigit()]
    counted = files  # commune 0's second file replaces its first with the same indicators
    assert len(rows) == sum(len(f["indicators"]) for f in counted)
    by_key = {(r[0], r[2]): r[7] for r in rows}
    for f in counted:
        for ind in f["indicators"]:
            shown = by_key[(f["reporter"]["code"], ind["definition"])]
            assert shown is None if ind["value"] is None else shown == pytest.approx(ind["value"], abs=0.05)


# --- the signer's name: a draft until the Department's profile names the signer ------------------------------


def _signature(docx_path: Path) -> tuple[list[str], str]:
    """The Word copy's signature cell (the footer table's right cell: the last table) and its page headers' text."""
    from docx import Document

    doc = Document(str(docx_path))
    cell = doc.tables[-1].rows[0].cells[1]
    s = doc.sections[0]
    return [p.text for p in cell.paragraphs], s.header.paragraphs[0].text + s.first_page_header.paragraphs[0].text


def _pdf_pages(pdf: Path) -> list[str]:
    from pypdf import PdfReader

    return [p.extract_text() for p in PdfReader(pdf).pages]


@pytest.mark.e2e
def test_without_a_signer_name_the_consolidated_report_is_a_draft_in_every_format(rendered):
    """The shipped department.yaml names no signer: the name is the recorded placeholder, every page of the PDF
    and the Word copy and every sheet say DỰ THẢO, the command and the manifest name what is missing."""
    from openpyxl import load_workbook

    result, _ = rendered
    out = {f.suffix: f for f in result.outputs}
    assert [p["what"] for p in result.placeholders] == ["họ và tên người ký"]
    assert "data/raw/reference/department.yaml" in result.placeholders[0]["todo"]
    pages = _pdf_pages(out[".pdf"])
    assert all("DỰ THẢO" in p for p in pages), [i + 1 for i, p in enumerate(pages) if "DỰ THẢO" not in p]
    assert "[Họ và tên người ký]" in pages[-1]
    page = out[".html"].read_text(encoding="utf-8")
    assert 'class="draft-banner"' in page and '<span class="cho-dien placeholder">[Họ và tên người ký]</span>' in page
    cell, header = _signature(out[".docx"])
    assert cell[:2] == ["KT. GIÁM ĐỐC", "PHÓ GIÁM ĐỐC"] and cell[-1] == "[Họ và tên người ký]" and "DỰ THẢO" in header
    from docx import Document

    from lkdata.report.html import draft_notice

    opening = Document(str(out[".docx"])).paragraphs[0].text
    assert opening == f"DỰ THẢO {draft_notice(result.placeholders)}"  # the box of page 1, as the PDF's
    assert draft_notice(result.placeholders) in " ".join(pages[0].split())
    book = load_workbook(out[".xlsx"], read_only=True)
    assert all(next(book[n].iter_rows(values_only=True))[0] == "DỰ THẢO" for n in book.sheetnames)
    manifest = json.loads((out[".pdf"].parent / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["final"] is False and manifest["placeholders"] == result.placeholders
    lines = summary_lines(result)
    assert any(line.startswith("DỰ THẢO  báo cáo tổng hợp còn 1 nội dung chưa có") for line in lines)
    assert any(line.strip().startswith("- họ và tên người ký: ghi họ và tên người ký (signer: name)") for line in lines)


@pytest.mark.e2e
def test_final_refuses_the_draft_and_a_named_signer_makes_it_official(tmp_path, capsys):
    from importlib.resources import files

    inbox = tmp_path / "nhan"
    inbox.mkdir()
    _write(inbox, "a.json", exchange_file(*_commune(0), generated_at=ON_TIME))
    args = ["--root", str(tmp_path), "consolidate", "2026-H1", "--from", str(inbox), "--final"]
    code = main(args)
    err = capsys.readouterr().err
    assert code == 1
    assert "--final" in err and "họ và tên người ký (ghi họ và tên người ký (signer: name)" in err
    assert not (tmp_path / "reports" / "tong_hop").exists()  # nothing written
    shipped = files("lkdata.reference").joinpath("department.yaml").read_text(encoding="utf-8")
    assert shipped.count('name: ""') == 1
    reference = tmp_path / "data" / "raw" / "reference"
    reference.mkdir(parents=True)
    (reference / "department.yaml").write_text(shipped.replace('name: ""', "name: Trần Văn Sở"), encoding="utf-8")
    code = main([*args, "--formats", "pdf,docx"])
    out = capsys.readouterr().out
    assert code == 0, out
    folder = tmp_path / "reports" / "tong_hop" / "2026-H1"
    pages = _pdf_pages(folder / "tong_hop_2026-H1.pdf")
    assert not any("DỰ THẢO" in p or "Họ và tên người ký" in p for p in pages) and "Trần Văn Sở" in pages[-1]
    cell, header = _signature(folder / "tong_hop_2026-H1.docx")
    assert cell[-1] == "Trần Văn Sở" and "DỰ THẢO" not in header and "DỰ THẢO" not in out
    manifest = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["final"] is True and manifest["placeholders"] == []
