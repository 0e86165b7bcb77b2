"""Data quality: the sample's planted invalid rows, duplicates and silent khu phố, found and listed."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import openpyxl
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from lkdata.api import open_quality
from lkdata.clean.fields import field
from lkdata.io.send_back import write_send_back
from lkdata.report.html import esc
from lkdata.report.quality import reason_kind
from lkdata.vn.text import fold


@pytest.fixture(scope="module")
def project(copy_project) -> Path:
    """The run's cleaned sample, copied: the quality run writes send-back workbooks beside the tables."""
    return copy_project("quality")


@pytest.fixture(scope="module")
def truth(root: Path) -> dict:
    return json.loads((root / "data" / "raw" / "_sample_truth.json").read_text(encoding="utf-8"))


@pytest.fixture()
def quality(project: Path, monkeypatch):
    monkeypatch.setenv("LKDATA_ROOT", str(project))
    return open_quality("2026-H1")


def _sets_aside(t: dict) -> bool:
    return field(t["dataset"], t["field"]).strict  # an optional value is left empty, the record kept


def test_rows_to_fix_are_exactly_the_planted_invalid_rows(quality, truth):
    found = {(r.source_file, r.source_sheet, int(r.source_row)) for r in quality.to_fix.itertuples()}
    planted = {(i["file"], i["sheet"], i["row"]) for i in truth["invalid"] if _sets_aside(i)}
    assert found == planted
    # the planted bad optional values: listed where to look, with what was refused
    unusual = {(r.source_file, r.source_sheet, int(r.source_row)): r.notes for r in quality.unusual.itertuples()}
    for i in (i for i in truth["invalid"] if not _sets_aside(i)):
        assert "(đã để trống)" in unusual[(i["file"], i["sheet"], i["row"])]
    assert "Diện tích âm: -3 (đã để trống)" in quality.unusual_values()._repr_html_()
    html = quality.rows_to_fix()._repr_html_()
    for file, sheet, row in planted:
        assert (f"{file} - trang “{sheet}”" if sheet else f"{file}: ") in html
        assert re.search(rf">{row}</td>", html)


def test_duplicates_are_exactly_the_planted_ones(quality, truth):
    dups = quality.review["duplicates"]
    found = set()
    for r in dups.to_dict("records"):
        kept = r["Đã gộp vào dòng (tệp / trang / dòng)"]
        found.add(frozenset({f"{r['Tệp']} / {r['Trang tính']} / dòng {r['Dòng']}", kept}))
    planted = {frozenset({f"{d['file']} / {d['sheet']} / dòng {d['row']}",
                          f"{d['of']['file']} / {d['of']['sheet']} / dòng {d['of']['row']}"})
               for d in truth["duplicates"]}  # fmt: skip
    assert found == planted
    assert len(re.findall(r"<tr><td", quality.duplicates_table()._repr_html_())) >= len(planted)


def test_completeness_names_the_khu_pho_that_sent_nothing(quality, truth):
    assert quality.silent_khu_pho == truth["khu_pho_without_data"]
    assert quality.silent_text == "Khu phố 18, Khu phố 19 và Khu phố 20"
    assert quality.reporting_rate_text == "85,0% (17/20 khu phố)"
    html = quality.completeness_table()._repr_html_()
    assert html.count("CHƯA GỬI") == 3


def test_accounting_and_reasons_add_up(quality):
    s = quality.summary()
    assert s["rows_in"] == s["clean"] + s["quarantined"] + s["duplicates"] + s["skipped"]
    assert s["quarantined"] == len(quality.to_fix)
    kinds = quality.to_fix["reasons"].map(reason_kind).explode()
    assert "Diện tích âm" in set(kinds) and "Khu phố không có trong danh mục" in set(kinds)
    assert reason_kind("Diện tích âm: -3; Thiếu tên") == ["Diện tích âm", "Thiếu tên"]


def test_the_quality_view_names_no_person(quality, project: Path):
    producers = pd.read_parquet(project / "data" / "processed" / "producers.parquet")
    html = "".join(
        b._repr_html_()
        for b in (quality.header(), quality.accounting_table(), quality.reasons_table(), quality.rows_to_fix(),
                  quality.duplicates_table(), quality.unresolved_table(), quality.completeness_table(),
                  quality.cooperatives_table())
    )  # fmt: skip
    for name in producers["name"].dropna().unique():
        assert name not in html, name
    for phone in producers["phone"].dropna().unique():
        assert phone not in html


def test_send_back_workbooks_hold_the_rows_and_their_values(project: Path, truth):
    written = write_send_back(project / "data" / "processed")
    files = {p.name for p in written}
    planted_files = {i["file"] for i in truth["invalid"]}  # set aside, or accepted with the value left empty
    assert files == {f"{f.split('/')[0]}__{Path(f).stem}.xlsx" for f in planted_files}
    book = project / "data" / "processed" / "tra_lai" / "producers__ho_san_xuat_theo_khu_pho.xlsx"
    ws = openpyxl.load_workbook(book).active
    rows = [[c.value for c in r] for r in ws.iter_rows()]
    assert rows[0][:3] == ["Trang tính", "Dòng", "Lý do cần sửa"]
    planted = [i for i in truth["invalid"] if i["file"] == "producers/ho_san_xuat_theo_khu_pho.xlsx"]
    assert [(r[0], r[1]) for r in rows[1:]] == sorted((i["sheet"], i["row"]) for i in planted)  # in sheet, row order
    unknown = next(r for r in rows[1:] if r[2].startswith("Khu phố không có trong danh mục"))
    assert "Khu phố 99" in unknown[3:]  # the value as it was typed
    emptied = {(r[0], r[1]): r[2] for r in rows[1:] if r[2].startswith("Dòng đã nhận, cần sửa: ")}
    assert {k for k in emptied} == {(i["sheet"], i["row"]) for i in planted if not _sets_aside(i)}
    assert emptied[("KP2", 8)] == "Dòng đã nhận, cần sửa: Diện tích âm: -3 (đã để trống)"  # the value as typed
    assert ws.freeze_panes == "D2"


@pytest.mark.e2e
def test_lkdata_quality_renders_the_report_and_the_index_lists_it(project: Path):
    env = {**os.environ, "LKDATA_ROOT": str(project)}
    r = subprocess.run([sys.executable, "-m", "lkdata.cli", "quality", "2026-H1", "-q"], capture_output=True,
                       text=True, encoding="utf-8", env=env)  # fmt: skip
    assert r.returncode == 0, r.stdout + r.stderr
    html_path = project / "reports" / "quality" / "chat_luong_du_lieu_2026-H1.html"
    html = html_path.read_text(encoding="utf-8")
    text = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", re.sub(r"<style.*?</style>", "", html, flags=re.S)))
    assert "BÁO CÁO CHẤT LƯỢNG DỮ LIỆU" in text and "Khu phố 18, Khu phố 19 và Khu phố 20" in text
    assert "Tỷ lệ khu phố đã gửi số liệu: 85,0% (17/20 khu phố)" in text
    assert "Traceback" not in text and "Q.rows_to_fix" not in text
    index = (project / "reports" / "index.html").read_text(encoding="utf-8")
    assert 'href="quality/chat_luong_du_lieu_2026-H1.html"' in index
    assert "tra_lai" in r.stdout


def _document(tables: dict[str, pd.DataFrame]):
    from lkdata.plan.periods import parse_period
    from lkdata.report.quality import QualityDocument

    ward = {"due": {"semiannual": "05-10", "annual": "11-15"}, "cutoff_margin_days": 5}
    return QualityDocument(parse_period("2026-H1", ward), {}, {}, {}, tables, ["Khu phố 1"], Path("tra_lai"))


def _accepted(dataset: str, issues: list[str | None], sheet: str | None = "KP1") -> pd.DataFrame:
    return pd.DataFrame({
        "name": [f"Nguyễn Văn Hộ {i}" for i in range(len(issues))],
        "issues": pd.array(issues, dtype="string"),
        "source_file": f"{dataset}/ds.xlsx", "source_sheet": sheet, "source_row": range(6, 6 + len(issues)),
    })  # fmt: skip


def test_unusual_figures_of_accepted_rows_are_listed_by_kind_file_and_row():
    """A value outside its plausible range or read two ways is kept, and listed here to check; the
    other issues (an invalid phone) are not unusual figures."""
    area = "Diện tích vượt mức hợp lý: 3.000 ha (tối đa 50 ha), có phải 3.000 m² = 0,3 ha?"
    future = "Ngày đăng ký ở tương lai: 01/01/2062 (sau ngày làm sạch 30/11/2026), kiểm tra lại năm"
    dots = 'Năng suất không rõ dấu chấm là phân cách hàng nghìn hay thập phân: "1.200", đã đọc là 1.200 tấn/ha'
    phone = "Số điện thoại không hợp lệ: 0912345678999"
    weekday = "Ngày đăng ký không khớp thứ trong tuần: Thứ Hai, 29/10/2020 (29/10/2020 là Thứ Năm), kiểm tra lại"
    q = _document({
        "producers": _accepted("producers", [None, f"{phone}; {area}", phone, f"{area}; {future}", weekday]),
        "crops": _accepted("crops", [dots], sheet=None),
        "activities": _accepted("activities", [None]).assign(issues=pd.array([None], dtype="string")),
    })  # fmt: skip
    found = q.unusual
    assert list(found["source_row"]) == [6, 7, 9, 10]  # crops first (file order), then the producers' rows
    assert list(found["notes"]) == [dots, area, f"{area}; {future}", weekday]
    html = q.unusual_values()._repr_html_()
    assert "producers/ds.xlsx - trang “KP1”: 3 dòng cần xem" in html and "crops/ds.xlsx: 1 dòng cần xem" in html
    assert ">Diện tích vượt mức hợp lý</td>" in html and ">Ngày đăng ký ở tương lai</td>" in html
    assert "Số điện thoại" not in html and "0912345678999" not in html
    assert "Nguyễn Văn Hộ" not in html  # names no person
    for note in (area, future, dots, weekday):  # figures and dates are quoted whole
        assert esc(note) in html, note


def test_no_unusual_figure_says_so():
    q = _document({"producers": _accepted("producers", [None, "Số điện thoại không hợp lệ: 12345"])})
    assert q.unusual.empty
    assert "Không có số liệu bất thường" in q.unusual_values()._repr_html_()


def test_probable_duplicates_are_shown_with_their_reason_and_every_khu_pho_never_a_name():
    """The review list as the clean writes it (Vietnamese headers): one CCCD in two khu phố, and alike names."""
    from lkdata.clean.dataset import clean_dataset
    from lkdata.clean.reconcile import merge_duplicates, probable_duplicates
    from lkdata.io.reference import load_reference
    from lkdata.jobs.clean_writer import REVIEW_HEADERS
    from lkdata.plan.periods import parse_period
    from lkdata.report.quality import QualityDocument

    rows = pd.DataFrame([
        {"name": "Lê Thị Mai", "khu_pho": "KP5", "farm_area": "1", "id_card": "075189009999"},
        {"name": "Lê Thị Mai", "khu_pho": "KP6", "farm_area": "2", "id_card": "075189009999"},
        {"name": "Trần Văn Bình", "khu_pho": "KP1", "farm_area": "1"},
        {"name": "Trần Văn Bính", "khu_pho": "KP1", "farm_area": "2"},
    ], dtype=object).assign(source_file="producers/a.xlsx", source_sheet="S", source_row=range(2, 6))  # fmt: skip
    merged, _ = merge_duplicates("producers", clean_dataset("producers", rows, load_reference()).clean)
    review = {"probable_duplicates": probable_duplicates(merged).rename(columns=REVIEW_HEADERS)}
    ward = {"due": {"semiannual": "05-10", "annual": "11-15"}, "cutoff_margin_days": 5}
    q = QualityDocument(parse_period("2026-H1", ward), {}, {}, review, {}, ["Khu phố 1"], Path("tra_lai"))
    html = q.duplicates_table()._repr_html_()
    cells = re.sub(r'<td class="txt">', "<td>", html)
    assert "<td>Khu phố 5, Khu phố 6</td><td>Cùng số CCCD</td>" in cells
    assert "<td>Khu phố 1</td><td>Tên giống nhau khi bỏ dấu, cùng khu phố</td>" in cells
    assert "Mai" not in html and "Bình" not in html and "075189009999" not in html


_HOSTILE_KP = pd.DataFrame([
    # a header row shifted one column: the household's name under "Khu phố", its phone under "Loại hình"
    {"Họ và tên chủ hộ": "1", "Số điện thoại": "Khu phố 3", "Khu phố": "Trần Thị Mỹ Duyên",
     "Loại hình": "+84 705 161 453", "reasons": "Khu phố không có trong danh mục: Trần Thị Mỹ Duyên",
     "source_sheet": "KP3"},
    {"Họ và tên chủ hộ": "Phạm Văn Út", "Khu phố": "Khu phố 99",
     "reasons": "Khu phố không có trong danh mục: Khu phố 99; Số điện thoại không hợp lệ: (0705) 161 4539",
     "source_sheet": "Phạm Văn Út"},  # one sheet per household, named after it
    {"Họ và tên chủ hộ": "Lê Văn Tám", "Khu phố": "Khu phố 2", "Diện tích canh tác": "-3",
     "reasons": "Diện tích âm: -3; Ngày đăng ký không hợp lệ: 31/02/2022; Cây trồng không có trong danh mục: "
                "Le Van Tam (có phải 'lê'?)", "source_sheet": "KP2"},
]).assign(source_file=["producers/kp3.xlsx", "producers/kp3.xlsx", "producers/Nguyen_Van_Hai.xlsx"],
          source_row=["7", "8", "9"])  # fmt: skip


def _masked_document(quarantine: dict[str, pd.DataFrame]):
    from lkdata.io.reference import load_reference
    from lkdata.plan.periods import parse_period
    from lkdata.report.privacy import SharedText, catalogue_words, personal_values
    from lkdata.report.quality import QualityDocument

    ref = load_reference()
    people = personal_values({}, quarantine, ref.headers, list(ref.crop_index))
    shown = SharedText(people, catalogue_words([*ref.khu_pho_index, *ref.crop_index]))
    ward = {"due": {"semiannual": "05-10", "annual": "11-15"}, "cutoff_margin_days": 5}
    return QualityDocument(parse_period("2026-H1", ward), {}, quarantine, {}, {}, ["Khu phố 1"], Path("tra_lai"),
                           shown=shown), people  # fmt: skip


def test_the_quality_report_quotes_no_raw_value_that_may_be_a_person():
    """A name in a reason (a shifted header), a phone, a sheet named after a household, a file named after a
    person: hidden in the shared report; the values that cannot be anyone's (Khu phố 99, -3, a date) shown."""
    from lkdata.report.privacy import find_personal

    q, people = _masked_document({"producers": _HOSTILE_KP})
    html = q.rows_to_fix()._repr_html_()
    assert find_personal(html, people) == []
    for hidden in ("Duyên", "Phạm", "Út", "705", "161", "Nguyen_Van_Hai", "Le Van Tam"):
        assert hidden not in html, hidden
    assert "Khu phố không có trong danh mục: [ẩn]" in html
    assert "Khu phố không có trong danh mục: Khu phố 99" in html and "Diện tích âm: -3" in html
    assert "Ngày đăng ký không hợp lệ: 31/02/2022" in html and "(có phải &#x27;lê&#x27;?)" in html
    assert "producers/kp3.xlsx - trang “[họ tên]”" in html and "producers/[họ tên].xlsx - trang “KP2”" in html
    assert "Số điện thoại không hợp lệ: 070…" in html or "Số điện thoại không hợp lệ: [ẩn]" in html


@settings(max_examples=40, deadline=None)
@given(st.data())
def test_no_person_of_the_quarantine_reaches_the_quality_report(data):
    """Real names and phones, in any column of a quarantined row and in its sheet's name: the quality
    report's views hold none of them, as the check (which knows everyone) reads them."""
    from lkdata.report.privacy import find_personal

    names = (Path(__file__).parent / "corpus" / "names.txt").read_text(encoding="utf-8").splitlines()
    name = data.draw(st.sampled_from(names))
    phone = data.draw(st.from_regex(r"0(9[0-9]|3[2-9]|7[06-9]|8[1-9])[0-9]{7}", fullmatch=True))
    column = data.draw(st.sampled_from(["Khu phố", "Cây trồng chính", "Loại hình", "Tiêu chuẩn chứng nhận"]))
    label = {"Khu phố": "Khu phố", "Cây trồng chính": "Cây trồng", "Loại hình": "Loại hình",
             "Tiêu chuẩn chứng nhận": "Tiêu chuẩn chứng nhận"}[column]  # fmt: skip
    spelled = data.draw(st.sampled_from([name, name.upper(), " ".join(w.capitalize() for w in fold(name).split())]))
    q = pd.DataFrame([{
        "Họ và tên chủ hộ": data.draw(st.sampled_from(["1", name])), column: spelled, "Số điện thoại": phone,
        "reasons": f"{label} không có trong danh mục: {spelled}; Số điện thoại không hợp lệ: {phone[:4]} {phone[4:]}",
        "source_file": "producers/a.xlsx", "source_sheet": data.draw(st.sampled_from(["KP1", spelled])),
        "source_row": "5",
    }])  # fmt: skip
    doc, people = _masked_document({"producers": q})
    html = doc.rows_to_fix()._repr_html_() + doc.reasons_table()._repr_html_()
    assert find_personal(html, people) == [], html


def test_tables_name_the_datasets_as_analysts_do():
    from lkdata.report.quality import columns_table, missing_fields_block

    html = missing_fields_block({"producers/a.xlsx": ["Điện thoại"]}).html
    assert "Hộ sản xuất" in html and ">producers<" not in html
    sheet = {"name": "S", "unmapped_columns": ["X"], "notes": [], "proposals": []}
    html = columns_table({"datasets": {"crops": {"files": [{"path": "crops/b.xlsx", "sheets": [sheet]}]}}}).html
    assert "Thửa cây trồng" in html and ">crops<" not in html


@pytest.mark.parametrize(
    ("skipped", "shown", "hidden"),
    [
        ([], ["Mọi tệp trong thư mục dữ liệu thô đều được đọc"], []),
        ([{"path": "producers/ds.zip", "dataset": "producers", "reason": "tệp nén (.zip): không đọc; giải nén vào thư "
           "mục này rồi chạy lại"}], ["producers/ds.zip", "tệp nén (.zip): không đọc"], []),
        ([{"path": "ghi_chu.docx", "dataset": None, "reason": "không thuộc thư mục bộ dữ liệu nào"},
          {"path": "producers/Phạm Văn Út.pdf", "dataset": "producers", "reason": "tệp .pdf: không đọc"}],
         ["ghi_chu.docx", "<td class=\"txt\">-</td>", "tệp .pdf: không đọc"], ["Phạm Văn Út"]),
    ],
    ids=["none", "an-archive", "outside-any-dataset-and-named-after-a-person"],
)  # fmt: skip
def test_the_quality_report_lists_every_file_not_read_with_its_reason(skipped, shown, hidden):
    """Every file a clean did not read (the manifest's ``skipped_files``) is named with why, numbered; a file
    named after a person is not (the report is shared)."""
    q, _ = _masked_document({"producers": _HOSTILE_KP})  # knows Phạm Văn Út
    q.manifest = {"skipped_files": skipped}
    html = q.skipped_files_table()._repr_html_()
    for text in shown:
        assert esc(text) in html or text in html, text
    for text in hidden:
        assert text not in html and fold(text) not in fold(html)
    assert html.count("<tr>") == len(skipped) + (1 if skipped else 0)  # one row per file, and the head


def test_a_file_not_read_that_came_after_the_clean_is_named_too(tmp_path: Path, monkeypatch):
    """A file no clean reads changes no table and cleans nothing again, so the manifest does not list it:
    the quality report still names it, from the raw folder as it is now."""
    from lkdata.jobs.clean_run import run_clean

    raw = tmp_path / "data" / "raw"
    (raw / "producers").mkdir(parents=True)
    (raw / "producers" / "ds.csv").write_text("Họ và tên chủ hộ;Khu phố\nNguyễn Văn An;Khu phố 1\n", encoding="utf-8")
    run_clean(raw, tmp_path / "data" / "processed")
    (raw / "producers" / "ds.zip").write_bytes(b"PK\x05\x06" + bytes(18))
    (raw / "crops").mkdir()
    (raw / "crops" / "ghi_chu.pdf").write_bytes(b"%PDF-1.4")
    monkeypatch.setenv("LKDATA_ROOT", str(tmp_path))
    q = open_quality("2026-H1")
    html = q.skipped_files_table()._repr_html_()
    assert "producers/ds.zip" in html and "crops/ghi_chu.pdf" in html and "tệp nén (.zip)" in html


@pytest.mark.parametrize(
    ("stamp", "said"),
    [("2026-12-01T04:37:12", "01/12/2026 04:37"), ("2026-05-08T09:05:00", "08/5/2026 09:05"), (None, "?"),
     ("", "?"), ("hôm qua", "?")],
)  # fmt: skip
def test_the_clean_time_reads_day_first(stamp, said):
    from lkdata.vn.fmt import fmt_stamp

    assert fmt_stamp(stamp) == said
