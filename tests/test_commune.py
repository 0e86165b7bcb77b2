"""A second, invented commune (``xã Suối Mây``, made of ấp: ``lkdata/sample_profiles/xa_suoi_may``) is served
with no code change: ``lkdata sample --profile`` makes its sample and puts its profile where clean and report
read it; its six-month and annual reports, its briefs and its quality report render in its own words."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import unicodedata
from pathlib import Path

import pytest
from pypdf import PdfReader

pytestmark = pytest.mark.e2e

ROOT = Path(__file__).resolve().parent.parent
PROFILE = "xa_suoi_may"
#: What no output of the commune may say: another place's words.
FOREIGN = re.compile(r"khu phố|phường|long khánh|\bKP\s?\d", re.I)


def _flat(text: str) -> str:
    return re.sub(r"\s+", " ", unicodedata.normalize("NFC", text)).strip()  # no-break spaces too


def _html_text(html: str) -> str:
    html = re.sub(r"<style.*?</style>|<script.*?</script>", " ", html, flags=re.S)
    return _flat(re.sub(r"<[^>]+>", " ", html).replace("&nbsp;", " "))


def _pdf_text(path: Path) -> str:
    return " ".join(_flat(p.extract_text()) for p in PdfReader(path).pages)


def _lkdata(project: Path, *args: str, ok: tuple[int, ...] = (0,)) -> subprocess.CompletedProcess:
    r = subprocess.run([sys.executable, "-m", "lkdata.cli", "--root", str(project), *args], capture_output=True,
                       text=True, encoding="utf-8", env={**os.environ, "LKDATA_ROOT": ""})  # fmt: skip
    assert r.returncode in ok, r.stdout + r.stderr
    return r


@pytest.fixture(scope="module")
def commune(tmp_path_factory) -> dict:
    """The commune's project: sampled with ``--profile``, cleaned, and every document rendered once."""
    project = tmp_path_factory.mktemp("commune") / "project"
    shutil.copytree(ROOT / "notebooks", project / "notebooks")
    out = {"sample": _lkdata(project, "sample", "--profile", PROFILE, "--out", str(project / "data" / "raw"))}
    out["clean"] = _lkdata(project, "clean")
    out["check"] = _lkdata(project, "check", "2026-H1", ok=(0, 1))  # 1: warnings, not ready (nothing rendered)
    out["annual"] = _lkdata(project, "report", "2026", "-q", "--formats", "html,pdf")
    out["h1"] = _lkdata(project, "report", "2026-H1", "--briefs", "--units", "-q", "--formats", "html,pdf")
    out["quality"] = _lkdata(project, "quality", "2026-H1", "-q")
    out["project"] = project
    return out


def test_the_profile_is_where_clean_and_report_read_it(commune):
    reference = commune["project"] / "data" / "raw" / "reference"
    assert {"ward.yaml", "khu_pho.csv", "plausibility.csv", "validation_rules.csv"} <= {
        f.name for f in reference.iterdir()
    }
    producers = sorted(f.name for f in (commune["project"] / "data" / "raw" / "producers").iterdir())
    assert "ho_san_xuat_theo_ap.xlsx" in producers, producers
    assert "Ấp" in commune["check"].stdout and not FOREIGN.search(commune["check"].stdout)


@pytest.mark.parametrize("period", ["2026-H1", "2026"])
def test_the_communes_reports_say_its_words(commune, period):
    folder = commune["project"] / "reports" / period
    html = _html_text((folder / f"bao_cao_{period}.html").read_text(encoding="utf-8"))
    pdf = _pdf_text(folder / f"bao_cao_{period}.pdf")
    for text in (html, pdf):
        assert "ỦY BAN NHÂN DÂN XÃ SUỐI MÂY" in text.upper()
        assert "Ủy ban nhân dân xã Suối Mây" in text
        assert "Kết quả theo ấp" in text and "Một số chỉ tiêu theo ấp" in text
        assert "Ấp Bàu Sen" in text and "Toàn xã, không ghi ấp" in text
        assert "Xã phối hợp tổ chức" in text or "Trong kỳ, xã chưa tổ chức" in text
        assert "Mặt trận Tổ quốc Việt Nam xã, các đoàn thể và Trưởng các ấp" in text
        found = FOREIGN.findall(text)
        assert not found, (period, found)


def test_the_communes_briefs_say_its_words(commune):
    folder = commune["project"] / "reports" / "2026-H1" / "briefs"
    pdfs = sorted(folder.glob("*.pdf"))
    assert len(pdfs) == 10 and all(p.name.startswith("tom_tat_ap_") for p in pdfs), [p.name for p in pdfs]
    for pdf in pdfs:
        text = _pdf_text(pdf)
        html = _html_text(pdf.with_suffix(".html").read_text(encoding="utf-8"))
        for t in (text, html):
            assert re.search(r"Ấp \w", t) and "Toàn xã" in t and "toàn xã" in t, pdf.name
            assert not FOREIGN.search(t), (pdf.name, FOREIGN.findall(t))
    raw = (folder / "tom_tat_ap_bau_sen_2026-H1.html").read_text(encoding="utf-8").replace("\xa0", " ")
    assert "<title>Tóm tắt Ấp Bàu Sen 6 tháng đầu năm 2026" in raw  # "Tóm tắt ấp Bàu Sen", named as listed
    silent = _html_text((folder / "tom_tat_ap_muong_khai_2026-H1.html").read_text(encoding="utf-8"))
    assert "Ấp Mương Khai chưa gửi số liệu: các chỉ tiêu của ấp dưới đây chưa có" in silent


def test_the_communes_quality_report_says_its_words(commune):
    html = commune["project"] / "reports" / "quality" / "chat_luong_du_lieu_2026-H1.html"
    text = _html_text(html.read_text(encoding="utf-8"))
    assert "Mức độ đầy đủ theo ấp" in text and "Ấp không có trong danh mục: Ấp 99" in text
    assert re.search(r"Tỷ lệ ấp đã gửi số liệu: [\d,]+% \(\d+/10 ấp\)", text)
    assert not FOREIGN.search(text), FOREIGN.findall(text)
    index = _html_text((commune["project"] / "reports" / "index.html").read_text(encoding="utf-8"))
    assert "Tóm tắt theo ấp" in index and not FOREIGN.search(index)


def test_the_communes_templates_say_its_words(commune):
    from openpyxl import load_workbook

    out = commune["project"] / "mau"
    _lkdata(commune["project"], "template", "--out", str(out))
    book = load_workbook(out / next(f.name for f in out.glob("*.xlsx") if "ho_san_xuat" in f.name))
    cells = [str(c.value) for ws in book.worksheets for row in ws.iter_rows() for c in row if c.value is not None]
    assert "Ấp" in cells and "Chọn trong danh sách ấp." in cells
    assert not any(FOREIGN.search(c) for c in cells), [c for c in cells if FOREIGN.search(c)]


def test_the_communes_workbooks_say_its_words(commune):
    from openpyxl import load_workbook

    project = commune["project"]
    books = [*(project / "data" / "processed" / "tra_lai").glob("*.xlsx"), *(project / "reports").rglob("*.xlsx")]
    assert len(books) >= 5  # the send-back workbooks, the reports' and the quality report's annexes
    headed = set()
    for book in books:
        for ws in load_workbook(book, read_only=True).worksheets:
            for row in ws.iter_rows(values_only=True):
                for v in row:
                    assert not (isinstance(v, str) and FOREIGN.search(v)), (book.name, v)
                    headed |= {book.name} if v == "Ấp" else set()
    assert "producers__ho_san_xuat_theo_ap.xlsx" in headed and "phu_luc_so_lieu_2026.xlsx" in headed


@pytest.mark.parametrize("period", ["2026-H1", "2026"])
def test_the_communes_report_follows_its_own_plan(commune, period):
    """Its plan (``tasks.csv`` of the profile): five tasks II.1-II.5 with its titles, in its order under
    ``II. KẾT QUẢ THỰC HIỆN``; the two kinds of task the notebook has no narrative for get a generic section;
    the notes file's ``## II.2`` lands under task II.2; no task of Long Khánh's plan; its units' section."""
    import csv

    folder = commune["project"] / "reports" / period
    pdf = _pdf_text(folder / f"bao_cao_{period}.pdf")
    body = pdf.split("Phụ lục")[0]
    tasks = list(csv.DictReader((ROOT / "lkdata" / "sample_profiles" / PROFILE / "tasks.csv").open(encoding="utf-8")))
    where = [body.find(_flat(f"{n}. {t['title']}")) for n, t in enumerate(tasks, 1)]
    assert all(w > 0 for w in where) and where == sorted(where), list(
        zip([t["title"] for t in tasks], where, strict=True)
    )
    for absent in ("chuyển giao tiến bộ", "Kiểm tra giám sát", "III.1", "III.7"):
        assert absent not in body, absent
    chains = body[where[1] : where[2]]  # II.2, a task the notebook does not narrate: generic, with its note
    assert "Chuỗi liên kết sầu riêng" in chains or "chuỗi liên kết sầu riêng" in chains, chains[:400]
    assert "doanh nghiệp" in chains.lower()  # linkage_enterprises, an indicator of this plan only
    after = body[where[-1] :]
    assert "6. Kết quả theo ấp" in after  # numbered after the plan's five tasks
    units = "Kết quả thực hiện của các cơ quan, đơn vị"
    assert units in after and "Hội Nông dân xã" in after and "Trưởng các ấp" in after
    exchange = json.loads((folder / f"trao_doi_{period}.json").read_text(encoding="utf-8"))
    assert {i["task"] for i in exchange["indicators"]} == {t["task"] for t in tasks}
    assert "linkage_enterprises" in {i["id"] for i in exchange["indicators"]}


def test_the_communes_unit_summaries_name_only_its_plans_tasks(commune):
    """A unit's one-page summary (``--units``) says which tasks of the plan its activities served: the commune's
    activities carry its plan's numbers (typed, or the kind's task where its plan has that task), so the sentence
    names II.x tasks with their titles, never a task of Long Khánh's plan."""
    import csv

    tasks = {t["task"]: t["title"] for t in csv.DictReader(
        (ROOT / "lkdata" / "sample_profiles" / PROFILE / "tasks.csv").open(encoding="utf-8"))}  # fmt: skip
    units = list(csv.DictReader((ROOT / "lkdata" / "sample_profiles" / PROFILE / "units.csv").open(encoding="utf-8")))
    folder = commune["project"] / "reports" / "2026-H1" / "don_vi"
    pdfs = sorted(folder.glob("*.pdf"))
    assert len(pdfs) == len(units), [p.name for p in pdfs]
    served: dict[str, list[str]] = {}
    for pdf in pdfs:
        for text in (_pdf_text(pdf), _html_text(pdf.with_suffix(".html").read_text(encoding="utf-8"))):
            assert not re.search(r"\bIII\.\d|\bIV\b", text), pdf.name  # no task of Long Khánh's plan
            said = re.search(r"các hoạt động phục vụ nhiệm vụ (.+?) của Kế hoạch\.", text)
            if said is None:
                continue
            named = re.findall(r"(\S+) \(", said.group(1))
            assert named and set(named) <= set(tasks), (pdf.name, said.group(0))
            assert all(f"{n} ({_flat(tasks[n])})" in said.group(1) for n in named), (pdf.name, said.group(0))
            served[pdf.name] = named
    assert served and any("II.1" in named for named in served.values()), served


def test_the_communes_sample_notes_agree_with_its_data(commune, monkeypatch):
    """The sample notes the builder copies for the commune say only what its sample data supports: every crop
    they name (any crop of the catalogue, by name) is the product of a linkage running at the period's cut-off;
    the indicators they call low are exactly those below half the year's target; the chains they call
    maintained kept their area from the six-month cut-off to the year's; what they call grown grew, and what
    they call beyond the target is."""
    import pandas as pd

    import lkdata
    from lkdata.api import parse_period  # the profile's due dates: the project's

    project = commune["project"]
    monkeypatch.setenv("LKDATA_ROOT", str(project))  # the commune's plan and targets
    processed = project / "data" / "processed"
    profile_notes = ROOT / "lkdata" / "sample_profiles" / PROFILE / "notes"
    notes, figures, running = {}, {}, {}
    linkages = pd.read_parquet(processed / "linkages.parquet")
    crops = pd.read_csv(ROOT / "lkdata" / "reference" / "crops.csv")["name"].str.lower()
    for period in ("2026-H1", "2026"):
        text = (project / "data" / "raw" / "notes" / f"{period}.md").read_text(encoding="utf-8")
        assert text == (profile_notes / f"{period}.md").read_text(encoding="utf-8")  # what the builder copied
        notes[period] = _flat(text)
        figures[period] = lkdata.indicators(period, processed=processed).set_index("indicator")
        cutoff = pd.Timestamp(parse_period(period).cutoff)  # the commune's profile: 08/6/2026, 23/11/2026
        on = linkages[(linkages["start_on"] <= cutoff) & ~(linkages["end_on"] < cutoff)]
        assert len(on) == figures[period].loc["linkages_active", "value"], period  # running, as the report counts
        running[period] = on
        named = {c for c in crops if re.search(rf"(?<!\w){re.escape(c)}(?!\w)", notes[period].lower())}
        assert named and named <= set(on["crop"].str.lower()), (period, named - set(on["crop"].str.lower()))

    def below_half(period: str) -> set[str]:
        f = figures[period]
        return set(f.index[f["attainment_pct"] < 50])

    low = {  # the notes' words -> the indicator of the commune's plan they name
        "lớp tập huấn": "training_courses", "lượt người dự tập huấn": "training_participants",
        "hội chợ, triển lãm": "fairs", "doanh nghiệp liên kết tiêu thụ": "linkage_enterprises",
    }  # fmt: skip
    h1 = re.search(r"- (Số lớp tập huấn.*?) còn thấp so với kế hoạch năm \(đạt dưới 50% chỉ tiêu năm\)",
                   notes["2026-H1"])  # fmt: skip
    assert h1 and {ind for words, ind in low.items() if words in h1.group(1)} == below_half("2026-H1")
    ecommerce = figures["2026-H1"].loc["producers_ecommerce", "attainment_pct"]
    assert "Số hộ bán hàng trên sàn thương mại điện tử mới đạt hơn một nửa chỉ tiêu năm" in notes["2026-H1"]
    assert 50 < ecommerce < 200 / 3, ecommerce
    year = re.search(r"chưa đạt, nhất là (.*?) \(đạt dưới 50% chỉ tiêu năm\)", notes["2026"])
    assert year and {ind for words, ind in low.items() if words in year.group(1)} == below_half("2026")
    directed = re.search(r"các chỉ tiêu còn đạt thấp \((.*?)\)", notes["2026"]).group(1)  # after the six months
    assert {ind for words, ind in {**low, "tập huấn": "training_courses"}.items() if words in directed} <= below_half(
        "2026-H1")  # fmt: skip
    f = figures["2026"]
    assert "Số chuỗi liên kết đang thực hiện và diện tích liên kết tăng so với cùng kỳ năm 2025" in notes["2026"]
    for ind in ("linkages_active", "linkage_area_ha"):
        assert f.loc[ind, "value"] > f.loc[ind, "previous"], ind
    assert "số lượt hộ tham gia hội chợ, kết nối giao thương vượt chỉ tiêu năm" in notes["2026"]
    assert f.loc["trade_households", "attainment_pct"] > 100
    maintained = {"2026-H1": r"Các chuỗi liên kết ([^.;]*?) với đơn vị thu mua tiếp tục được duy trì",
                  "2026": r"các chuỗi liên kết ([^.;]*?) với đơn vị thu mua được duy trì ổn định"}  # fmt: skip
    for period, pattern in maintained.items():
        chains = re.findall(pattern, notes[period])
        assert chains, period
        for product in {p for said in chains for p in re.split(r", | và ", said)}:
            area = {p: running[p].loc[running[p]["crop"].str.lower() == product, "area_ha"].sum() for p in running}
            assert area["2026-H1"] > 0 and area["2026-H1"] == area["2026"], (product, area)  # the same chains
            partners = running["2026"].loc[running["2026"]["crop"].str.lower() == product, "partner_enterprise"]
            assert partners.notna().all() and (partners.str.strip() != "").all(), product  # a buyer in each
    assert "chôm chôm" not in notes["2026"] + notes["2026-H1"] and "xuất khẩu" not in notes["2026"]
    assert "kiểm tra, giám sát" not in notes["2026"] + notes["2026-H1"]  # no such indicator in the commune's plan
    assert "Chưa có dự án liên kết mới được phê duyệt" not in notes["2026-H1"]
    assert figures["2026-H1"].loc["support_vnd", "value"] > 0  # support approved in the six months
