"""A commune whose plan numbers its tasks II.1 to II.5, with other titles and partly other indicators
(``tests/plans/xa_nam_nhiem_vu``, copied into ``data/raw/reference``): its six-month and annual reports,
rendered through the real notebook and Papermill, follow its plan; so do the appendix, the Excel annex,
``lkdata check`` and ``lkdata indicators``."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import unicodedata
from pathlib import Path

import openpyxl
import pandas as pd
import pytest
from pypdf import PdfReader

from lkdata.io.reference import load_plan

PLAN = Path(__file__).resolve().parent / "plans" / "xa_nam_nhiem_vu"
TITLES = list(load_plan(PLAN).tasks.values())
DEFAULT_TITLES = list(load_plan().tasks.values())
PERIODS = ("2026-H1", "2026")

pytestmark = pytest.mark.e2e


def run_cli(project: Path, *args: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "LKDATA_ROOT": str(project)}
    return subprocess.run(
        [sys.executable, "-m", "lkdata.cli", *args], capture_output=True, text=True, encoding="utf-8", env=env
    )


def _flat(text: str) -> str:
    return re.sub(r"\s+", " ", unicodedata.normalize("NFC", text)).strip()


def _n(count: int) -> str:
    """A count as the shipped ward profile writes it (two digits under ten), written here independently."""
    return f"{int(count):02d}" if 0 < count < 10 else f"{int(count):,}".replace(",", ".")


@pytest.fixture(scope="module")
def project(copy_project) -> Path:
    """The sample, with the second plan as the office's reference files, cleaned, and both reports rendered
    (one render per period)."""
    root = copy_project("second_plan")
    reference = root / "data" / "raw" / "reference"
    for name in ("tasks.csv", "indicators.csv", "report_tables.csv", "validation_rules.csv"):
        shutil.copy(PLAN / name, reference / name)
    shutil.copy(PLAN / "targets" / "2026.yaml", reference / "targets" / "2026.yaml")
    shutil.copy(PLAN / "notes_2026-H1.md", root / "data" / "raw" / "notes" / "2026-H1.md")
    for args in (("clean",), ("report", "2026-H1"), ("report", "2026")):
        r = run_cli(root, *args)
        assert r.returncode == 0, r.stdout + r.stderr
    return root


def _text(project: Path, period: str) -> str:
    pdf = PdfReader(project / "reports" / period / f"bao_cao_{period}.pdf")
    return _flat(" ".join(page.extract_text() for page in pdf.pages))


def _html(project: Path, period: str) -> str:
    html = (project / "reports" / period / f"bao_cao_{period}.html").read_text(encoding="utf-8")
    html = re.sub(r"<style.*?</style>", " ", html, flags=re.S)
    return _flat(re.sub(r"<[^>]+>", " ", html).replace("&nbsp;", " "))


def _cutoff(project: Path, period: str) -> pd.Timestamp:
    manifest = json.loads((project / "reports" / period / "manifest.json").read_text(encoding="utf-8"))
    return pd.Timestamp(manifest["period"]["cutoff"])


@pytest.mark.parametrize("period", PERIODS)
def test_the_results_follow_the_plans_tasks_in_order(project: Path, period: str):
    for text in (_text(project, period), _html(project, period)):
        body = text[text.index("II. KẾT QUẢ THỰC HIỆN") : text.index("III. ĐÁNH GIÁ CHUNG")]
        places = [body.find(f"{i}. {title}") for i, title in enumerate(TITLES, 1)]
        assert -1 not in places and places == sorted(places), list(zip(TITLES, places, strict=True))
        assert body.find("6. Kết quả theo khu phố") > places[-1]
        if period == "2026":
            assert body.find("7. Tổng hợp kết quả cả năm 2026") < body.find("8. Một số chỉ tiêu qua các năm")
        assert not [t for t in DEFAULT_TITLES if t not in TITLES and t in text]  # no task of the default plan
        assert not re.search(r"\bIII\.\d", text)  # no task numbered as the default plan numbers them
        appendix = text[text.index("Mỗi chỉ tiêu trong các bảng của báo cáo được giải thích") :]
        numbered = [appendix.find(f"Nhiệm vụ II.{i} của Kế hoạch (mục II.{i} của báo cáo)") for i in range(1, 6)]
        assert -1 not in numbered and numbered == sorted(numbered)


def test_a_task_without_narrative_reads_its_indicators_and_its_notes(project: Path):
    text = _text(project, "2026-H1")
    cutoff = _cutoff(project, "2026-H1")
    two = text[text.index(f"2. {TITLES[1]}") : text.index(f"3. {TITLES[2]}")]
    four = text[text.index(f"4. {TITLES[3]}") : text.index(f"5. {TITLES[4]}")]
    # the figures, computed here from the processed tables by the plan's rules, written independently
    processed = project / "data" / "processed"
    links = pd.read_parquet(processed / "linkages.parquet")
    ended_undated = links["end_on"].isna() & (links["status"] == "đã kết thúc")
    running = (links["start_on"] <= cutoff) & (links["end_on"].isna() | (links["end_on"] >= cutoff)) & ~ended_undated
    enterprises = links.loc[running, "partner_enterprise"].nunique()
    acts = pd.read_parquet(processed / "activities.parquet")
    held = acts["kind"].isin(["fair", "matching"]) & acts["held_on"].between(pd.Timestamp("2026-01-01"), cutoff)
    households = int(acts.loc[held, "participants_households"].sum())
    assert enterprises > 0 and households > 0
    assert f"Kết quả thực hiện đến ngày {cutoff.day:02d}/{cutoff.month}/{cutoff.year}:" in two
    assert re.search(rf"- Doanh nghiệp liên kết tiêu thụ: {_n(enterprises)} doanh nghiệp \((tăng|giảm|bằng) .*?; "
                     rf"đạt [\d,]+% chỉ tiêu năm 2026 là 10 doanh nghiệp\)", two), two  # fmt: skip
    assert f"- Lượt hộ tham gia hội chợ, kết nối giao thương: {_n(households)} lượt hộ (" in four
    # the notes' sections of the renumbered tasks, under their headings, before their tables
    assert two.index("Chuỗi liên kết sầu riêng với doanh nghiệp thu mua") < two.index("Bảng 2. Kết quả xây dựng")
    assert "Xã đưa sản phẩm tiêu biểu lên trang thông tin điện tử của xã." in four
    # the narrated tasks keep their narrative; a narrative of a task the plan lacks is not shown
    assert "Lồng ghép tuyên truyền tại các buổi sinh hoạt ấp." in text
    assert "kiểm tra, giám sát việc thực hiện các mô hình liên kết" not in text
    assert "Chưa có nội dung mục “Vùng nguyên liệu”" not in text and "Vùng nguyên liệu" not in text


def test_the_excel_annex_follows_the_plan(project: Path):
    wb = openpyxl.load_workbook(project / "reports" / "2026-H1" / "phu_luc_so_lieu_2026-H1.xlsx")
    captions = [next(c.value for c in ws["A"] if str(c.value).startswith(ws.title + ". "))
                for ws in wb.worksheets if ws.title.startswith("Bảng")]  # fmt: skip
    # "Kết quả ..." before each task's title, but money is "Kinh phí thực hiện" (never "Kết quả kinh phí")
    expected = [t if t.startswith("Kinh phí") else f"Kết quả {t[0].lower()}{t[1:]}" for t in TITLES]
    assert [c.split(". ", 1)[1] for c in captions[:5]] == expected[:5]
    rows = list(wb["Định nghĩa"].iter_rows(values_only=True))
    header = rows.index(("Chỉ tiêu", "Nhiệm vụ", "Đơn vị", "Định nghĩa", "Mã chỉ tiêu"))
    tasks = [r[1] for r in rows[header + 1 :] if r[4]]
    assert list(dict.fromkeys(tasks)) == [f"II.{i}" for i in range(1, 6)]
    assert {"linkage_enterprises", "trade_households"} <= {r[4] for r in rows[header + 1 :]}


def test_check_and_indicators_follow_the_plan(project: Path):
    listing = run_cli(project, "indicators", "2026-H1")
    assert listing.returncode == 0, listing.stderr
    heads = [line for line in listing.stdout.splitlines() if re.match(r"^[IVX]+(\.\d+)?\. ", line)]
    assert heads == [f"II.{i}. {t}" for i, t in enumerate(TITLES, 1)]
    ok = run_cli(project, "check", "2026-H1")
    assert "Tệp ghi chú của kỳ: đủ các mục" in ok.stdout, ok.stdout
    notes = (PLAN / "notes_2026-H1.md").read_text(encoding="utf-8")
    lacking = project / "data" / "raw" / "notes" / "thieu_long_ghep.md"
    lacking.write_text(notes.replace("## Lồng ghép tuyên truyền tại hội nghị, hội thảo", "## II.3"), encoding="utf-8")
    try:
        check = run_cli(project, "check", "2026-H1", "--notes", str(lacking))
    finally:
        lacking.unlink()
    assert "thiếu mục “Lồng ghép tuyên truyền tại hội nghị, hội thảo”" in check.stdout, check.stdout
    assert "Vùng nguyên liệu" not in check.stdout and "Kết quả kiểm tra" not in check.stdout
    assert "không ứng với mục nào" not in check.stdout  # "## II.3" is a section of the plan's task


def test_the_word_copy_follows_the_plan(project: Path):
    import docx

    paragraphs = [
        _flat(p.text) for p in docx.Document(project / "reports" / "2026-H1" / "bao_cao_2026-H1.docx").paragraphs
    ]
    headings = [p for p in paragraphs if re.match(r"^\d\. ", p)]
    assert headings[:6] == [*(f"{i}. {t}" for i, t in enumerate(TITLES, 1)), "6. Kết quả theo khu phố"]
    two = paragraphs.index(f"2. {TITLES[1]}")
    assert any(p.startswith("- Doanh nghiệp liên kết tiêu thụ: ") for p in paragraphs[two : two + 12])
