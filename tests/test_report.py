"""`lkdata report` end to end: the real notebook executed by Papermill on the sample, rendered to HTML
and PDF, and read back. Numbers in the narrative are checked against the processed tables, computed
here with plain pandas (not with lkdata's indicators)."""

from __future__ import annotations

import hashlib
import itertools
import json
import os
import re
import shutil
import subprocess
import sys
import unicodedata
from pathlib import Path

import nbformat
import pandas as pd
import pytest
from pypdf import PdfReader

A4 = (595.28, 841.89)  # points
SECTIONS = [  # the task headings, in the plan's own words (Kế hoạch 1327/KH-UBND, section III and IV)
    "1. Thực hiện công tác thông tin, truyền thông về liên kết trong sản xuất, tiêu thụ sản phẩm nông nghiệp",
    "2. Hướng dẫn, hỗ trợ xây dựng, phê duyệt và triển khai thực hiện các dự án, kế hoạch liên kết",
    "3. Thực hiện phát triển các hình thức tổ chức sản xuất đủ năng lực tham gia thực hiện liên kết sản xuất, "
    "tiêu thụ sản phẩm nông nghiệp",
    "4. Hỗ trợ chuyển giao tiến bộ khoa học kỹ thuật, liên kết sản xuất",
    "5. Hỗ trợ tham gia các hoạt động xúc tiến thương mại",
    "6. Triển khai thực hiện có hiệu quả các cơ chế, chính sách để thúc đẩy hợp tác liên kết sản xuất gắn với "
    "tiêu thụ nông sản",
    "7. Kiểm tra giám sát thực hiện liên kết",
    "8. Kinh phí thực hiện",
]


def _cli(project: Path, *args: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "LKDATA_ROOT": str(project)}
    return subprocess.run(
        [sys.executable, "-m", "lkdata.cli", *args], capture_output=True, text=True, encoding="utf-8", env=env
    )


def _flat(text: str) -> str:
    return re.sub(r"\s+", " ", unicodedata.normalize("NFC", text)).strip()


def _vn(x: float, decimals: int = 0) -> str:
    """Vietnamese number format, written here independently of lkdata.vn.fmt: 8.059,2."""
    s = f"{x:,.{decimals}f}"
    return s.replace(",", "\0").replace(".", ",").replace("\0", ".")


def _n(count: int) -> str:
    """A count as the shipped ward profile writes it (``so_dem_hai_chu_so: true``): ``03``, ``12``, ``1.234``."""
    return f"{int(count):02d}" if 0 < count < 10 else _vn(count)


def _html_text(html: str) -> str:
    html = re.sub(r"<style.*?</style>", " ", html, flags=re.S)
    return _flat(re.sub(r"<[^>]+>", " ", html).replace("&nbsp;", " "))


@pytest.fixture(scope="module")
def project(report_project: Path) -> Path:
    """A copy of the shared cleaned sample (raw data, notebooks, processed data), where the reports are made
    (shared with the Word tests: ``report_project`` in conftest)."""
    return report_project


@pytest.fixture(scope="module")
def rendered(rendered_reports) -> subprocess.CompletedProcess:
    """The annual report, the six-month report and its briefs, the quality report (``rendered_reports``)."""
    return rendered_reports


@pytest.fixture(scope="module")
def tables(project: Path, rendered) -> dict[str, pd.DataFrame]:
    folder = project / "data" / "processed"
    return {name: pd.read_parquet(folder / f"{name}.parquet") for name in ("activities", "linkages", "producers",
                                                                           "cooperatives")}  # fmt: skip


def _outputs(project: Path, period: str) -> dict[str, Path]:
    folder = project / "reports" / period
    stem = f"bao_cao_{period}"
    return {ext: folder / f"{stem}.{ext}" for ext in ("html", "pdf", "docx", "ipynb")} | {
        "manifest": folder / "manifest.json",
        "annex": folder / f"phu_luc_so_lieu_{period}.xlsx",
        "exchange": folder / f"trao_doi_{period}.json",
    }


def _top_margin_text(page) -> list[tuple[str, float]]:
    """Text drawn in the top margin (above 20 mm) of a page, with its horizontal position in points."""
    found = []

    def visit(text, cm, tm, font, size):
        x, y = tm[4] * cm[0] + cm[4], tm[5] * cm[3] + cm[5]
        if text.strip() and y > A4[1] - 20 * 72 / 25.4:
            found.append((text.strip(), x))

    page.extract_text(visitor_text=visit)
    return found


def _pdf(project: Path, period: str) -> PdfReader:
    return PdfReader(_outputs(project, period)["pdf"])


def test_report_cleans_first_when_there_is_no_processed_data(root: Path, tmp_path: Path, monkeypatch, capsys):
    import lkdata.jobs.reports as reports
    from lkdata.cli import main
    from lkdata.io.freshness import stale_reason

    shutil.copytree(root / "data" / "raw", tmp_path / "data" / "raw")
    shutil.copytree(root / "notebooks", tmp_path / "notebooks")
    monkeypatch.setenv("LKDATA_ROOT", str(tmp_path))
    made = []

    def make(job, progress, **kernels):  # no kernel: what matters here is what runs before
        made.append(job)
        return reports.ReportResult(job, ok=True, outputs=[job.out_dir / f"{job.stem}.ipynb"])

    monkeypatch.setattr(reports, "run_report", make)
    assert main(["report", "2026-H1", "-q"]) == 0
    assert "Làm sạch dữ liệu trước khi lập báo cáo (chưa có dữ liệu đã xử lý)" in capsys.readouterr().out
    assert stale_reason(tmp_path / "data" / "raw", tmp_path / "data" / "processed") is None  # cleaned, then made
    assert [job.stem for job in made] == ["bao_cao_2026-H1"]


@pytest.mark.e2e
def test_report_writes_every_output(project: Path, rendered):
    for period in ("2026-H1", "2026"):
        files = _outputs(project, period)
        for f in files.values():
            assert f.is_file() and f.stat().st_size > 0, f
        leftovers = [f.name for f in (project / "reports" / period).iterdir() if f not in files.values()]
        assert leftovers in ([], ["briefs"]), leftovers  # no temporary folder, no failed notebook


@pytest.mark.e2e
@pytest.mark.parametrize("period, label", [("2026-H1", "6 tháng đầu năm 2026"), ("2026", "năm 2026")])
def test_pdf_is_an_a4_administrative_document(project: Path, rendered, period: str, label: str):
    pdf = _pdf(project, period)
    pages = [_flat(p.extract_text()) for p in pdf.pages]
    for page in pdf.pages:
        assert (float(page.mediabox.width), float(page.mediabox.height)) == pytest.approx(A4, abs=0.5)
    first, text = pages[0], " ".join(pages)
    header = ("ỦY BAN NHÂN DÂN", "PHƯỜNG LONG KHÁNH", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
              "Độc lập - Tự do - Hạnh phúc", "Số: /BC-UBND", "Long Khánh, ngày tháng năm 2026", "BÁO CÁO")  # fmt: skip
    for line in header:
        assert line in first, line
    assert f"sản phẩm nông nghiệp trên địa bàn phường Long Khánh {label}" in first  # the summary line
    for heading in ("I. CÔNG TÁC CHỈ ĐẠO, TRIỂN KHAI", "II. KẾT QUẢ THỰC HIỆN", *SECTIONS, "III. ĐÁNH GIÁ CHUNG",
                    "V. ĐỀ XUẤT, KIẾN NGHỊ", "Nơi nhận:",
                    "KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH"):  # fmt: skip
        assert heading in text, heading
    # page numbers from page 2, centred in the top margin (over the text block: 30 mm to 195 mm); a draft (the
    # sample's profile names no signer; the annual report has no targets for the next year yet either) says
    # DỰ THẢO at the right of every page's top margin
    draft = True
    margins = [_top_margin_text(page) for page in pdf.pages]
    for found in margins:
        marks = [x for text, x in found if text == "DỰ THẢO"]
        assert len(marks) == draft and all(x > 140 * 72 / 25.4 for x in marks), found
    assert [m for m in margins[0] if m[0] != "DỰ THẢO"] == []
    centre = (30 + 195) / 2 * 72 / 25.4
    # the appendix "Giải thích số liệu" is numbered on its own (Decree 30): its first page unnumbered, then 2, 3 ...
    first_of_appendix = next(i for i, p in enumerate(pages) if "PHỤ LỤC" in p and "GIẢI THÍCH SỐ LIỆU" in p)
    assert [m for m in margins[first_of_appendix] if m[0] != "DỰ THẢO"] == []
    for part in (margins[1:first_of_appendix], margins[first_of_appendix + 1 :]):
        for n, found in enumerate(part, 2):
            [(number, x)] = [m for m in found if m[0] != "DỰ THẢO"]
            assert number == str(n) and abs(x - centre) < 12, (number, x)
    for page in pages:
        assert "DỮ LIỆU MẪU - không dùng cho báo cáo chính thức" in page
    for leak in ("Traceback", "import lkdata", "R.task_table", 'md(f"""', "Error", "Warning", "injected", "In ["):
        assert leak not in text, leak
    assert "\ufffd" not in text  # no replacement characters: every glyph came through


@pytest.mark.e2e
def test_six_month_report_names_its_estimates_and_the_annual_adds_the_year(project: Path, rendered):
    h1 = " ".join(_flat(p.extract_text()) for p in _pdf(project, "2026-H1").pages)
    year = " ".join(_flat(p.extract_text()) for p in _pdf(project, "2026").pages)
    assert "Số liệu trong báo cáo tính đến ngày 05/5/2026" in h1
    assert "Số liệu ước thực hiện đến ngày 30/6/2026" in h1 and "Ước đến 30/6/2026" in h1
    assert "IV. NHIỆM VỤ, GIẢI PHÁP 6 THÁNG CUỐI NĂM 2026" in h1
    assert "Tổng hợp kết quả cả năm" not in h1
    assert "Số liệu trong báo cáo tính đến ngày 10/11/2026" in year
    assert "10. Tổng hợp kết quả cả năm 2026" in year and "Ước cả năm 2026" in year
    assert "IV. NHIỆM VỤ, GIẢI PHÁP NĂM 2027" in year
    assert "[Chưa có chỉ tiêu năm 2027" in year  # no targets file for 2027: a visible placeholder


@pytest.mark.e2e
def test_notes_fill_the_parts_data_cannot_write(project: Path, rendered):
    h1 = _html_text(_outputs(project, "2026-H1")["html"].read_text(encoding="utf-8"))
    notes = (project / "data" / "raw" / "notes" / "2026-H1.md").read_text(encoding="utf-8")
    for line in ("Chi phí chứng nhận VietGAP, GlobalGAP và duy trì mã số vùng trồng còn cao",
                 "Các lớp chuyển giao kỹ thuật tập trung vào quy trình canh tác sầu riêng"):  # fmt: skip
        assert line in notes and line in h1
    assert "[Chưa có nội dung" not in h1
    assert "Tệp ghi chú của kỳ báo cáo" not in h1  # the file's HTML comment stays out


@pytest.mark.e2e
def test_html_is_one_self_contained_document(project: Path, rendered):
    for period in ("2026-H1", "2026"):
        html = _outputs(project, period)["html"].read_text(encoding="utf-8")
        assert len(re.findall(r'<img[^>]* src="data:image/svg\+xml;base64,', html)) >= 3  # charts as vector graphics
        assert not re.search(r"""(src|href)=["']?(https?:|//|file:)""", html)  # nothing fetched to view it
        assert "<script" not in html and "<link" not in html
        assert '<html lang="vi">' in html and "@page" in html and "size: A4" in html
        text = _html_text(html)
        for leak in ("Traceback", "import lkdata", "R.header()", "In [", "Out[", "injected-parameters",
                     "Sổ tay báo cáo kết quả thực hiện"):  # fmt: skip
            assert leak not in text, leak


@pytest.mark.e2e
@pytest.mark.parametrize("period, cutoff", [("2026-H1", "2026-05-05"), ("2026", "2026-11-10")])
def test_numbers_in_the_narrative_are_the_data(project: Path, rendered, tables, period: str, cutoff: str):
    """A handful of narrative figures, recomputed here from the processed tables with plain pandas."""
    start, cutoff = pd.Timestamp("2026-01-01"), pd.Timestamp(cutoff)
    act = tables["activities"]
    in_period = act["held_on"].between(start, cutoff)
    training = act[in_period & (act["kind"] == "training")]
    lk = tables["linkages"]
    # running on the cut-off day (in force then), not overlapping the period
    assert not (lk["end_on"].isna() & lk["status"].eq("đã kết thúc")).any()  # no ended linkage without a date
    running = lk[(lk["start_on"] <= cutoff) & (lk["end_on"].isna() | (lk["end_on"] >= cutoff))]
    pr = tables["producers"]
    on_list = pr["registered_on"].isna() | (pr["registered_on"] <= cutoff)
    certified = pr[(pr["gap_issued_on"] <= cutoff) & (pr["gap_expires_on"] >= cutoff)
                   & pr["gap_standard"].notna() & (pr["gap_standard"] != "không") & on_list]  # fmt: skip
    co = tables["cooperatives"]
    active = co[(co["established_on"].isna() | (co["established_on"] <= cutoff))
                & (co["dissolved_on"].isna() | (co["dissolved_on"] > cutoff))]  # fmt: skip
    area = running["area_ha"].sum()
    # households whose certification nobody gave (blank cells) and whose dates do not rule a certificate out
    unknown = pr["gap_standard"].isna() & ~(pr["gap_issued_on"] > cutoff) & ~(pr["gap_expires_on"] < cutoff) & on_list
    expected = [
        f"Ghi chú: chưa có thông tin tiêu chuẩn chứng nhận của {unknown.sum()} hộ",
        f"tổ chức {_n(len(training))} lớp tập huấn",
        f"Các lớp có {_n(training['participants'].sum())} lượt người tham dự",
        f"có {_n(len(running))} chuỗi liên kết sản xuất và tiêu thụ",
        f"diện tích liên kết {_vn(area, 0 if round(area, 1).is_integer() else 1)} ha",
        f"có {_n(len(certified))} hộ có chứng nhận VietGAP, GlobalGAP hoặc hữu cơ",
        f"toàn phường có {_n(len(active))} HTX/THT đang hoạt động",
        f"({_n((active['kind'] == 'HTX').sum())} HTX và {_n((active['kind'] == 'THT').sum())} THT",
    ]
    html = _html_text(_outputs(project, period)["html"].read_text(encoding="utf-8"))
    pdf = " ".join(_flat(p.extract_text()) for p in _pdf(project, period).pages)
    for phrase in expected:
        assert phrase in html, phrase
        assert phrase in pdf, phrase
    assert len(training) > 0 and len(running) > 0 and len(certified) > 0 and unknown.sum() > 0  # not about zeros


@pytest.mark.e2e
@pytest.mark.parametrize("period", ["2026-H1", "2026"])
def test_a_year_ago_without_history_and_a_missing_target_are_said(project: Path, rendered, period: str):
    """The sample's one clean keeps the first snapshot of the undated attributes: nothing reaches back to
    2025, so their year-ago is "chưa có số liệu", never today's values; the sample's targets file sets 14
    targets, the others are "chưa giao"."""
    html = _html_text(_outputs(project, period)["html"].read_text(encoding="utf-8"))
    pdf = " ".join(_flat(p.extract_text()) for p in _pdf(project, period).pages)
    members = re.search(r"Thành viên HTX, THT thành viên ([\d.]+) (?:[\d.]+ )?(\S+ \S+ \S+ \S+) (\S+) (\S+ \S+)", html)
    assert members and members.groups()[1:] == ("chưa có số liệu", "-", "chưa giao"), members
    for text in (html, pdf):
        assert "Chưa có số liệu cùng kỳ của 06 chỉ tiêu tính từ thông tin không ghi ngày" in text
        assert "(chưa có số liệu cùng kỳ; đạt" in text  # households selling online: a target, no year-ago
        assert "06 chỉ tiêu chưa có số liệu cùng kỳ nên không so sánh" in text
        assert "trong 14 chỉ tiêu được giao cho năm 2026" in text


@pytest.mark.e2e
def test_without_processed_data_or_targets_the_report_still_runs_and_claims_no_attainment(copy_project):
    """data/processed deleted (the history with it) and no targets file: the report cleans first, says
    "chưa giao" and makes no claim of targets met."""
    project = copy_project("bare")
    shutil.rmtree(project / "data" / "processed")
    (project / "data" / "raw" / "reference" / "targets" / "2026.yaml").unlink()
    r = _cli(project, "report", "2026-H1", "-q", "--formats", "html")
    assert r.returncode == 0, r.stdout + r.stderr
    html = _html_text(_outputs(project, "2026-H1")["html"].read_text(encoding="utf-8"))
    assert "Năm 2026 chưa giao chỉ tiêu bằng số cho các nội dung của kế hoạch" in html
    assert "chỉ tiêu được giao" not in html and "đạt hoặc vượt" not in html and "Chỉ tiêu năm 2026 Đạt (%)" in html
    assert "chưa giao chỉ tiêu" in html and "chưa có số liệu" in html
    assert re.search(r"Lớp tập huấn về liên kết sản xuất, tiêu thụ lớp [\d.]+ [\d.]+ [\d.]+ [\d.,-]+ chưa giao -", html)
    assert (project / "data" / "processed" / "noi_bo" / "lich_su" / "cooperatives" / "members.parquet").is_file()


@pytest.mark.e2e
def test_manifest_records_parameters_inputs_and_timings(project: Path, rendered):
    m = json.loads(_outputs(project, "2026-H1")["manifest"].read_text(encoding="utf-8"))
    assert m["period"] == {"key": "2026-H1", "kind": "H1", "label": "6 tháng đầu năm 2026", "start": "2026-01-01",
                           "end": "2026-06-30", "cutoff": "2026-05-05", "due": "2026-05-10"}  # fmt: skip
    assert m["parameters"]["period"] == "2026-H1" and m["parameters"]["cutoff"] == "2026-05-05"
    assert m["sample"] is True and m["warnings"] == [] and m["lkdata_version"]
    processed = project / "data" / "processed"
    for name, sha in m["inputs"].items():
        assert hashlib.sha256((processed / name).read_bytes()).hexdigest() == sha
    assert (
        m["notebook"]["sha256"]
        == hashlib.sha256((project / "notebooks" / "bao_cao_ke_hoach.ipynb").read_bytes()).hexdigest()
    )
    notes = project / "data" / "raw" / "notes" / "2026-H1.md"
    assert m["notes"] == {"path": "2026-H1.md", "sha256": hashlib.sha256(notes.read_bytes()).hexdigest()}
    assert {o["file"] for o in m["outputs"]} == {"bao_cao_2026-H1.ipynb", "bao_cao_2026-H1.html",
                                                 "bao_cao_2026-H1.pdf", "bao_cao_2026-H1.docx",
                                                 "phu_luc_so_lieu_2026-H1.xlsx", "trao_doi_2026-H1.json"}  # fmt: skip
    assert set(m["timings_s"]) == {"execute", "html", "pdf", "docx", "total"}
    assert m["kind"] == "report" and m["title"] == "Báo cáo kết quả thực hiện kế hoạch 6 tháng đầu năm 2026"


@pytest.mark.e2e
def test_executed_notebook_is_the_audit_trail(project: Path, rendered):
    nb = nbformat.read(_outputs(project, "2026-H1")["ipynb"], as_version=4)
    injected = [c for c in nb.cells if "injected-parameters" in c.metadata.get("tags", [])]
    assert len(injected) == 1 and 'period = "2026-H1"' in injected[0].source
    outputs = [o for c in nb.cells if c.cell_type == "code" for o in c.outputs]
    assert outputs and not [o for o in outputs if o.output_type == "error"]
    assert not [o for o in outputs if o.get("name") == "stderr"]  # no warnings in the sample's run


@pytest.mark.e2e
def test_a_failing_cell_keeps_the_previous_report(project: Path, rendered, tmp_path: Path):
    copy = tmp_path / "p"
    shutil.copytree(project, copy)
    before = {f.name: f.read_bytes() for f in (copy / "reports" / "2026-H1").iterdir() if f.is_file()}
    nb_path = copy / "notebooks" / "bao_cao_ke_hoach.ipynb"
    nb = nbformat.read(nb_path, as_version=4)
    nb.cells.insert(8, nbformat.v4.new_code_cell('R.task_table("III.9")'))
    nbformat.write(nb, nb_path)
    code_number = sum(c.cell_type == "code" for c in nb.cells[:9])  # as JupyterLab numbers it after Run All
    r = _cli(copy, "report", "2026-H1", "-q")
    assert r.returncode == 1
    # the 9th cell, the n-th code cell (markdown cells before it): [n] as JupyterLab numbers it (Papermill's
    # injected cell not counted)
    assert f"Sổ tay bao_cao_ke_hoach.ipynb lỗi ở ô lệnh [{code_number}] (" in r.stderr and "ô thứ 9 kể cả" in r.stderr
    assert 'dòng 1 của ô: “R.task_table("III.9")”' in r.stderr
    assert "Không có nhiệm vụ 'III.9' trong tasks.csv" in r.stderr
    kept = copy / "data" / "processed" / "noi_bo" / "so_tay_loi" / "bao_cao_2026-H1.loi.ipynb"  # office-only
    assert kept.is_file() and f"sổ tay đã chạy được giữ (nội bộ, không chia sẻ): {kept}" in r.stderr
    after = {f.name: f.read_bytes() for f in (copy / "reports" / "2026-H1").iterdir() if f.is_file()}
    assert after == before  # the finished report of the period is untouched, nothing half-written beside it


@pytest.mark.parametrize(
    "args, message",
    [
        (["2026-Q3"], "Kỳ báo cáo không hợp lệ: '2026-Q3'"),
        (["2026-H1", "--cutoff", "2026-07-02"], "Ngày chốt số liệu 02/7/2026 nằm ngoài kỳ 2026-H1"),
        (["2026-H1", "--formats", "odt"], "Định dạng không hỗ trợ: odt"),
        (["2026-H1", "--khu-pho", "Khu phố 99"], "Khu phố không có trong danh mục: Khu phố 99"),
        (["2026-H1", "--notes", "khong_co.md"], "Không tìm thấy tệp ghi chú: khong_co.md"),
        (["2026-H1", "2026", "--notes", "README.md"], "--notes chỉ dùng khi báo cáo một kỳ"),
        (["2026-H1", "--date", "32/5/2026"], "Ngày báo cáo --date không hợp lệ: '32/5/2026'"),
        (["2026-H1", "--date", "2026-05-32"], "Ngày báo cáo --date không hợp lệ: '2026-05-32'"),
        (["2026-01-01:9999-12-31"], "phải thuộc các năm 2000-2100"),
        (["2026-H1", "--out", "data/raw/bao_cao"], "nằm trong thư mục dữ liệu thô"),
        (["2026-H1", "--notes", "/etc/hostname"], "Tệp ghi chú phải nằm trong thư mục dự án"),
    ],
)
def test_parameters_are_checked_before_any_kernel_starts(root: Path, tmp_path: Path, args, message, monkeypatch,
                                                         capsys):  # fmt: skip
    from lkdata.cli import main

    p = tmp_path / "p"
    shutil.copytree(root / "data" / "raw", p / "data" / "raw")
    shutil.copytree(root / "notebooks", p / "notebooks")
    (p / "README.md").write_text("x", encoding="utf-8")
    monkeypatch.setenv("LKDATA_ROOT", str(p))
    monkeypatch.chdir(p)
    assert main(["report", *args]) == 2
    err = capsys.readouterr().err
    assert message in err, err
    assert not (p / "reports").exists() and not (p / "data" / "processed").exists()  # nothing ran


def test_committed_notebooks_are_clean_and_parameterised(root: Path):
    for path in sorted((root / "notebooks").glob("*.ipynb")):
        nb = nbformat.read(path, as_version=4)
        nbformat.validate(nb)
        assert nb.metadata.kernelspec.name == "python3", path
        code = [c for c in nb.cells if c.cell_type == "code"]
        assert all(not c.outputs and c.execution_count is None for c in code), f"{path.name} has outputs"
        params = [c for c in code if "parameters" in c.metadata.get("tags", [])]
        assert len(params) == 1, path
        for c in code:
            # no function definitions, no file access, no paths written in (paths come from lkdata's config)
            assert not re.search(r"^\s*def |^\s*class |open\(|[\"'][^\"'\n]*(data|reports)/", c.source, re.M), c.source


@pytest.mark.e2e
def test_the_appendix_leaves_the_headers_blanks_for_the_number_and_the_date(project: Path, rendered):
    """The appendix's “Kèm theo Báo cáo số ... ngày ... tháng ... năm ...” leaves the room the header leaves for
    the office to write by hand (six no-break spaces), never dots, in HTML, PDF and Word."""
    import docx

    out = _outputs(project, "2026-H1")
    room = "\u00a0" * 6  # the header's: "Số:      /BC-UBND", "ngày      tháng      năm 2026"
    attached = f"(Kèm theo Báo cáo số {room}/BC-UBND ngày{room}tháng{room}năm 2026 của Ủy ban nhân dân "

    def said(text: str) -> bool:  # the room as it is, the ward's name however its spaces are written
        return text.startswith(attached) and _flat(text[len(attached) :]) == "phường Long Khánh)"

    html = out["html"].read_text(encoding="utf-8").replace("&nbsp;", "\u00a0")
    [sub] = re.findall(r'<p class="phu-luc-sub">(.*?)</p>', html)
    assert said(sub), sub
    assert f"Số:{room}/BC-UBND" in html and f"ngày{room}tháng{room}năm 2026" in html  # the header's room
    paragraphs = [p.text for p in docx.Document(str(out["docx"])).paragraphs]
    assert any(said(p) for p in paragraphs), [p for p in paragraphs if "Kèm theo" in p]
    assert any(f"ngày{room}tháng{room}năm 2026" in p for p in paragraphs)  # the header's date in Word
    printed = subprocess.run(["pdftotext", "-layout", str(out["pdf"]), "-"], capture_output=True, text=True,
                             encoding="utf-8", check=True).stdout  # fmt: skip
    assert "...." not in printed
    assert re.search(r"Kèm theo Báo cáo số\s{3,}/BC-UBND ngày\s{3,}tháng\s{3,}năm 2026", printed)


@pytest.mark.e2e
@pytest.mark.parametrize("period", ["2026-H1", "2026"])
def test_no_printed_line_breaks_a_word_at_its_slash(project: Path, rendered, period: str):
    """“HTX/THT” is kept whole in the narrative and the appendix as in the tables: no line of the PDF ends in a
    word and a slash (“HTX/”), none starts with the rest of it."""
    out = _outputs(project, period)
    printed = subprocess.run(["pdftotext", "-layout", str(out["pdf"]), "-"], capture_output=True, text=True,
                             encoding="utf-8", check=True).stdout  # fmt: skip
    assert printed.count("HTX/THT") > 5  # the narrative and the appendix say it
    lines = printed.splitlines()
    broken = [f"{a.strip()[-30:]} | {b.strip()[:20]}" for a, b in itertools.pairwise(lines)
              if re.search(r"[^\W\d_]/$", a.rstrip())]  # fmt: skip
    assert not broken, broken
    html = out["html"].read_text(encoding="utf-8")
    appendix = html[html.index('<section class="phu-luc"') :]
    assert '<span class="nobr">HTX/THT</span>' in appendix  # the appendix's text keeps it whole too
    assert "HTX/THT" in _html_text(appendix)  # and says the same words


def _docx_text(path: Path) -> tuple[str, str, list[str]]:
    import zipfile

    with zipfile.ZipFile(path) as z:
        xml = z.read("word/document.xml").decode("utf-8")
        media = [n for n in z.namelist() if n.startswith("word/media/")]
    text = _flat(" ".join(re.findall(r"<w:t[^>]*>([^<]*)</w:t>", xml)))
    return xml, text, media


@pytest.mark.e2e
@pytest.mark.parametrize("period", ["2026-H1", "2026"])
def test_figures_link_to_the_appendix_that_explains_them(project: Path, rendered, period: str):
    from lkdata.io.reference import load_plan

    plan = load_plan()
    out = _outputs(project, period)
    html = out["html"].read_text(encoding="utf-8")
    links = dict(re.findall(r'<a class="so-lieu" href="#(giai-thich-[^"]+)">([^<]*)</a>', html))
    assert set(links) == {f"giai-thich-{i}" for i in plan.ids}  # every figure of every task table
    start = html.index('<section class="phu-luc"')
    appendix = html[start:]
    assert html.index("Nơi nhận") < start  # after the signature
    entries = dict(re.findall(r'<div class="gt-entry" id="([^"]+)">(.*?)</div>', appendix))
    assert set(entries) == set(links)  # each link lands on its explanation
    ind = {f"giai-thich-{i.id}": i for i in plan.indicators}
    # the appendix refers to the full lists as an annex kept in the office, never by its file
    assert "Danh sách chi tiết các trường hợp được tính lưu tại bộ phận chuyên môn" in _html_text(appendix)
    assert "giai_thich_so_lieu" not in appendix
    workbook = f"giai_thich_so_lieu_{period}.xlsx"
    listed = pd.read_excel(project / "data" / "processed" / "noi_bo" / workbook, engine="calamine")
    for target, figure in links.items():
        title = _flat(re.sub(r"<[^>]+>", "", re.search(r'class="gt-title">(.*?)</p>', entries[target]).group(1)))
        if ind[target].unit != "đồng":  # money: millions in the table, đồng in the appendix
            assert title.endswith(f": {figure}"), (title, figure)
        # how many records each figure counts, by the list they come from (no file: the office's list has which)
        said = re.search(r"(Số liệu gồm (.*?)\.|Trong kỳ không phát sinh\.|Đến ngày chốt số liệu không có trường hợp"
                         r" nào\.)</p>", entries[target])  # fmt: skip
        # each list's rows: the first number, or the rows that hold distinct values (``133 mã ..., ghi ở 147 thửa``)
        counts = re.findall(r"(?:^|; )([\d.]+) (?:[^;]*? khác nhau, ghi ở ([\d.]+) )?", said.group(2) or "")
        per_list = [int((rows or first).replace(".", "")) for first, rows in counts]
        assert sum(per_list) == (listed["Mã chỉ tiêu"] == ind[target].id).sum(), target  # the office list has them
    text = _html_text(appendix)
    # no data file, no spreadsheet words, no cleaning run: the signed document speaks of records and lists
    for word in (".csv", ".xlsx", "tệp", "trang tính", "mã bản ghi", "làm sạch", "ghi chú của chỉ tiêu nói",
                 "không coi là"):  # fmt: skip
        assert word not in text.lower(), word
    assert "Số liệu gồm 3 hoạt động" in text and "danh sách các hoạt động thực hiện kế hoạch" in text
    # an annex says what it is attached to (the profile's number and the header's date, blank while unknown)
    year = 2026
    attached = f"(Kèm theo Báo cáo số /BC-UBND ngày tháng năm {year} của Ủy ban nhân dân"
    assert f"{attached} phường Long Khánh)" in text
    # the plan's task numbers said beside the report's sections
    assert "Nhiệm vụ III.1 của Kế hoạch (mục II.1 của báo cáo): Thực hiện công tác thông tin" in text
    assert "Nhiệm vụ IV của Kế hoạch (mục II.8 của báo cáo)" in text
    assert "Bấm vào một số liệu" in text  # on screen only: hidden in print, left out of Word
    ids = pd.read_parquet(project / "data" / "processed" / "linkages.parquet")["linkage_id"]
    assert not any(i in html for i in ids) and not any(i in out["ipynb"].read_text(encoding="utf-8") for i in ids)
    assert set(listed["Mã bản ghi"].dropna()) & set(ids)  # the rows are listed in the office only
    pdf = _pdf(project, period)
    pages = [_flat(p.extract_text()) for p in pdf.pages]
    first = next(i for i, t in enumerate(pages) if "GIẢI THÍCH SỐ LIỆU" in t)
    assert "PHỤ LỤC" in pages[first] and not any("Nơi nhận" in t for t in pages[first:])  # a page of its own
    printed = " ".join(pages[first:])
    assert "1. Lớp tập huấn về liên kết sản xuất, tiêu thụ (lớp):" in printed
    assert f"{attached} phường Long Khánh)" in printed and "Bấm vào" not in printed
    dests = {name: pdf.get_destination_page_number(d) for name, d in pdf.named_destinations.items()}
    pdf_links = [a.get_object()["/Dest"] for p in pdf.pages for a in p.get("/Annots") or []
                 if a.get_object().get("/Subtype") == "/Link"]  # fmt: skip
    assert set(pdf_links) == set(links) and all(dests[d] >= first for d in pdf_links)  # links work on paper too
    # the Word copy carries the same appendix after the signature, in a section of its own (a new page, its
    # pages numbered from 1: test_docx_report)
    xml, docx = _docx_text(out["docx"])[:2]
    assert docx.index("Nơi nhận") < docx.index("PHỤ LỤC GIẢI THÍCH SỐ LIỆU") and "Bấm vào" not in docx
    before = xml[: xml.index(">PHỤ LỤC<")]
    before = before[: before.rindex("<w:p>")]  # up to the heading's paragraph: the one before ends a section
    assert "<w:sectPr>" in before[before.rindex("<w:p>") :]
    assert f"{attached} phường Long Khánh)" in docx
    titles = [_flat(re.sub(r"<[^>]+>", "", t)) for t in re.findall(r'class="gt-title">(.*?)</p>', appendix)]
    assert len(titles) == len(plan.ids) and all(t in docx for t in titles)  # every entry, as the PDF prints it
    assert _html_text(appendix).split("Quy ước chung", 1)[1][-300:].strip() in docx  # the last entry, word for word


@pytest.mark.e2e
def test_word_copy_keeps_headings_tables_and_charts(project: Path, rendered):
    xml, text, media = _docx_text(_outputs(project, "2026-H1")["docx"])
    for heading in ("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "BÁO CÁO", "II. KẾT QUẢ THỰC HIỆN", *SECTIONS,
                    "III. ĐÁNH GIÁ CHUNG", "Nơi nhận:"):  # fmt: skip
        assert heading in text, heading
    assert "¶" not in text and "Traceback" not in text
    assert xml.count("<w:tbl>") >= 12 and len(media) >= 3  # tables and the charts
    page = re.search(r"<w:pgSz ([^>]*)/>", xml).group(1)
    margins = re.search(r"<w:pgMar ([^>]*)/>", xml).group(1)
    assert 'w:w="11906"' in page and 'w:h="16838"' in page  # A4, Decree 30 margins
    for m in ('w:top="1134"', 'w:right="850"', 'w:bottom="1134"', 'w:left="1701"'):
        assert m in margins
    html = _html_text(_outputs(project, "2026-H1")["html"].read_text(encoding="utf-8"))
    phrase = re.search(r"tổ chức \d+ lớp tập huấn", html).group(0)
    assert phrase in text  # the same figures as the HTML


@pytest.mark.e2e
def test_a_one_page_brief_for_every_khu_pho(project: Path, rendered, tables):
    from lkdata.io.reference import load_reference

    names = list(load_reference().khu_pho["name"])
    folder = project / "reports" / "2026-H1" / "briefs"
    producers = pd.read_parquet(project / "data" / "processed" / "producers.parquet")
    cutoff = pd.Timestamp("2026-05-05")
    for n, name in enumerate(names, 1):
        stem = f"tom_tat_khu_pho_{n}_2026-H1"
        for ext in ("html", "pdf", "ipynb", "manifest.json"):
            assert (folder / f"{stem}.{ext}").is_file(), (stem, ext)
        pdf = PdfReader(folder / f"{stem}.pdf")
        assert len(pdf.pages) == 1, name
        text = _flat(pdf.pages[0].extract_text())
        assert f"{name} - 6 tháng đầu năm 2026" in text and "DỮ LIỆU MẪU" in text
        mine = producers[(producers["khu_pho"] == name)
                         & (producers["registered_on"].isna() | (producers["registered_on"] <= cutoff))]  # fmt: skip
        silent = n >= 18  # the sample's three khu phố that sent nothing: a note, never a page of zeros
        assert (f"{name} có {_n(len(mine))} hộ sản xuất nông nghiệp" in text) != silent, name
        assert (f"[{name} chưa gửi số liệu" in text) == silent, name
    m = json.loads((folder / "tom_tat_khu_pho_1_2026-H1.manifest.json").read_text(encoding="utf-8"))
    assert m["kind"] == "brief" and m["khu_pho"] == "Khu phố 1" and m["parameters"]["khu_pho"] == "Khu phố 1"


@pytest.mark.e2e
def test_index_lists_every_document_and_its_links_resolve(project: Path, rendered):
    index = project / "reports" / "index.html"
    html = index.read_text(encoding="utf-8")
    links = re.findall(r'href="([^"]+)"', html)
    assert links and all((index.parent / link).is_file() for link in links)
    assert not [link for link in links if re.match(r"(https?:|file:|/)", link)]  # relative: opens from a USB stick
    assert "<script" not in html and "<link" not in html and "DỮ LIỆU MẪU" in html
    for period in ("2026-H1", "2026"):
        for ext in ("html", "pdf", "docx"):
            assert f"{period}/bao_cao_{period}.{ext}" in links
    assert sum("/briefs/" in link and link.endswith(".pdf") for link in links) == 20
    text = _html_text(html)
    assert "Báo cáo kết quả thực hiện kế hoạch 6 tháng đầu năm 2026" in text and "05/5/2026" in text


def _shared_texts(reports: Path) -> dict[Path, str]:
    """The text of everything under reports/: HTML, PDF text, notebooks and manifests (JSON), Word XML."""
    import zipfile

    out = {}
    for f in sorted(reports.rglob("*")):
        if not f.is_file():
            continue
        if f.suffix == ".pdf":
            out[f] = " ".join(p.extract_text() for p in PdfReader(f).pages)
        elif f.suffix == ".docx":
            with zipfile.ZipFile(f) as z:
                out[f] = z.read("word/document.xml").decode("utf-8")
        elif f.suffix in (".html", ".ipynb", ".json", ".md"):
            out[f] = f.read_text(encoding="utf-8")
    return out


def _everyone(project: Path):
    """Every person lkdata knows of: accepted rows, and the quarantined rows' raw values too."""
    from lkdata.api import known_people

    return known_people(project / "data" / "processed", project / "data" / "raw" / "reference")


@pytest.mark.e2e
def test_shared_outputs_name_no_person(project: Path, rendered):
    from lkdata.jobs.privacy import find_personal

    values = _everyone(project)
    assert len(values.names) > 250 and len(values.numbers) > 250  # the scan looks for something
    texts = _shared_texts(project / "reports")
    assert len(texts) > 60  # reports, briefs, notebooks, manifests, index
    hits = {f.name: find_personal(t, values) for f, t in texts.items()}
    assert {f: h for f, h in hits.items() if h} == {}
    # the scan can fail: a name planted in a copy of a report is found
    key = sorted(values.names)[0]
    written = " ".join(sorted(values.names[key])[0]).title()
    planted = texts[_outputs(project, "2026-H1")["html"]].replace("BÁO CÁO", f"BÁO CÁO {written}")
    assert find_personal(planted, values) == [" ".join(key)]


@pytest.mark.e2e
def test_a_notebook_that_shows_a_person_is_refused(project: Path, rendered, tmp_path: Path):
    copy = tmp_path / "p"
    shutil.copytree(project, copy)
    before = _outputs(copy, "2026-H1")["html"].read_bytes()
    nb_path = copy / "notebooks" / "bao_cao_ke_hoach.ipynb"
    nb = nbformat.read(nb_path, as_version=4)
    nb.cells.append(nbformat.v4.new_code_cell('lkdata.load("producers")[["name", "phone"]].head(3)'))
    nbformat.write(nb, nb_path)
    r = _cli(copy, "report", "2026-H1", "-q")
    assert r.returncode == 1
    assert "đưa thông tin cá nhân (tên, số điện thoại hoặc CCCD" in r.stderr
    assert _outputs(copy, "2026-H1")["html"].read_bytes() == before  # nothing published
    kept = copy / "data" / "processed" / "noi_bo" / "so_tay_loi" / "bao_cao_2026-H1.loi.ipynb"
    assert kept.is_file() and str(kept) in r.stderr  # office-only, and the message says where
    assert not list((copy / "reports").rglob("*.loi.ipynb"))


@pytest.mark.e2e
def test_lists_of_people_go_to_an_office_only_file_the_command_names(project: Path, rendered):
    page = _outputs(project, "2026-H1")["html"].read_text(encoding="utf-8")
    page = re.sub(r"<!-- phu-luc -->.*<!-- /phu-luc -->", "", page, flags=re.S)  # the appendix names source files
    html = _html_text(page)
    m = re.search(r"Có (0\d|\d\d+) hộ có chứng nhận hết hạn trong 90 ngày .*\(có danh sách kèm theo, lưu tại bộ "
                  r"phận chuyên môn", html)  # fmt: skip
    assert m, "the report says how many, and that the list is an annex kept by the office (never its path)"
    assert "noi_bo" not in html and ".xlsx" not in html
    where = re.search(r"danh sách \d+ hộ có chứng nhận hết hạn trong 90 ngày \(danh sách kèm theo, nội bộ, có thông "
                      r"tin cá nhân\): (data/processed/noi_bo/\S+_2026-H1\.xlsx)", rendered.stdout)  # fmt: skip
    assert where, rendered.stdout
    office = project / where.group(1)
    assert office.is_file() and "reports" not in office.relative_to(project).parts
    listed = pd.read_excel(office, engine="calamine")
    assert len(listed) == int(m.group(1))
    producers = pd.read_parquet(project / "data" / "processed" / "producers.parquet")
    cutoff = pd.Timestamp("2026-05-05")
    due = producers[producers["gap_expires_on"].between(cutoff + pd.Timedelta(days=1), cutoff + pd.Timedelta(days=90))
                    & producers["gap_standard"].notna() & (producers["gap_standard"] != "không")]  # fmt: skip
    assert sorted(listed["Họ và tên chủ hộ"]) == sorted(due["name"])


@pytest.mark.e2e
def test_unchanged_documents_are_skipped_and_changed_ones_remade(project: Path, rendered):
    manifest = _outputs(project, "2026-H1")["manifest"]
    before = json.loads(manifest.read_text(encoding="utf-8"))["created"]
    r = _cli(project, "report", "2026-H1", "-q", "--khu-pho", "Khu phố 3")
    assert r.returncode == 0, r.stderr
    assert "Bỏ qua báo cáo kết quả thực hiện kế hoạch 6 tháng đầu năm 2026: không có gì thay đổi" in r.stdout
    assert "Bỏ qua tóm tắt Khu phố 3" in r.stdout
    assert json.loads(manifest.read_text(encoding="utf-8"))["created"] == before
    notes = project / "data" / "raw" / "notes" / "2026-H1.md"
    notes.write_text(notes.read_text(encoding="utf-8") + "\n## III.7\n\nĐã kiểm tra các chuỗi sầu riêng.\n",
                     encoding="utf-8")  # fmt: skip
    r = _cli(project, "report", "2026-H1", "-q", "--khu-pho", "Khu phố 3")
    assert r.returncode == 0, r.stderr
    assert "Bỏ qua tóm tắt Khu phố 3" in r.stdout  # the brief reads no notes: still up to date
    assert "Bỏ qua báo cáo" not in r.stdout  # the report's notes changed: made again
    assert "Đã kiểm tra các chuỗi sầu riêng." in _outputs(project, "2026-H1")["html"].read_text(encoding="utf-8")


@pytest.mark.e2e
def test_in_a_parallel_batch_a_failed_document_does_not_stop_the_others(project: Path, rendered, tmp_path: Path):
    copy = tmp_path / "p"
    shutil.copytree(project, copy)
    nb_path = copy / "notebooks" / "tom_tat_khu_pho.ipynb"
    nb = nbformat.read(nb_path, as_version=4)
    nb.cells.append(nbformat.v4.new_code_cell('assert khu_pho != "Khu phố 5", "khu phố 5 hỏng (thử)"'))
    nbformat.write(nb, nb_path)
    r = _cli(copy, "report", "2026-H1", "--khu-pho", "Khu phố 4", "--khu-pho", "Khu phố 5", "--khu-pho",
             "Khu phố 6", "--jobs", "2", "--force")  # fmt: skip
    assert r.returncode == 1
    assert "Lập 4 tài liệu với 2 tiến trình song song" in r.stdout
    assert "LỖI  Tóm tắt Khu phố 5 6 tháng đầu năm 2026" in r.stdout + r.stderr
    assert "khu phố 5 hỏng (thử)" in r.stdout + r.stderr
    assert "1/4 báo cáo không lập được." in r.stderr
    briefs = copy / "reports" / "2026-H1" / "briefs"
    old = project / "reports" / "2026-H1" / "briefs"
    for n in (4, 6):  # the others were made
        name = f"tom_tat_khu_pho_{n}_2026-H1.manifest.json"
        made = json.loads((briefs / name).read_text(encoding="utf-8"))["created"]
        assert made > json.loads((old / name).read_text(encoding="utf-8"))["created"]
    assert (copy / "data" / "processed" / "noi_bo" / "so_tay_loi" / "tom_tat_khu_pho_5_2026-H1.loi.ipynb").is_file()
    assert not list(briefs.glob("*.loi.ipynb"))
