"""Documents a ward leader signs (issue 17): nothing in them that should not be there.

End to end on one copy of the sample whose raw data carries hostile names (HTML, Markdown, template
syntax in cooperative names, activity titles and organisers), cleaned and reported by the command:

- no official output (the reports' HTML, PDF and Word text, the khu phố briefs) names a file path;
- a document that still holds a placeholder says ``DỰ THẢO`` on every PDF page and in its HTML, the command
  names each placeholder and what to write where, and ``--final`` refuses it (exit 1, nothing written);
  with complete notes and targets, ``--final`` writes it unmarked;
- a profile without the signer's name (the sample's) is such a placeholder: ``[Họ và tên người ký]`` under
  the room to sign, in the PDF and the Word copy; a profile naming the signer prints the name, no draft;
- text from the data prints as the characters it is (no live tag, no Markdown executed), in HTML and PDF;
- charts are vector graphics (SVG) whose text the PDF renders.
"""

from __future__ import annotations

import base64
import contextlib
import csv
import html
import json
import os
import re
import shutil
import subprocess
import sys
import zipfile
from html.parser import HTMLParser
from pathlib import Path

import nbformat
import pandas as pd
import pytest

pytestmark = pytest.mark.e2e

#: What a hostile name holds: markup, Markdown, and the template syntax of f-strings and shells.
HOSTILE = [
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    "**bold**",
    "[link](javascript:alert(1))",
    "</td></tr>",
    "{F.x}",
    "${x}",
]

#: A file path in a document: office files by their extension, the office-only folder, the data folders,
#: a lower-case ``folder/file`` pair, a Windows drive or share, a POSIX root folder.
PATH = re.compile(
    r"\.(?:xlsx|xls|csv|yaml|yml|parquet|ipynb|md|json)\b|noi_bo|\bdata[/\\]|(?<![\w/])[a-z_]+[/\\][a-z_]+(?![\w/])"
    r"|\b[A-Za-z]:\\|\\\\|/(?:tmp|home|work|root|Users|mnt)/"
)


def _cli(project: Path, *args: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "LKDATA_ROOT": str(project)}
    return subprocess.run(
        [sys.executable, "-m", "lkdata.cli", *args], capture_output=True, text=True, encoding="utf-8", env=env
    )


def _pdf_pages(pdf: Path) -> list[str]:
    """The text of each page (poppler's pdftotext, page by page)."""
    n = int(re.search(r"Pages:\s+(\d+)", subprocess.run(["pdfinfo", str(pdf)], capture_output=True,
                                                           text=True, check=True).stdout).group(1))  # fmt: skip
    page = ["pdftotext", "-layout", str(pdf), "-"]
    return [
        subprocess.run([*page[:1], "-f", str(i), "-l", str(i), *page[1:]], capture_output=True, text=True, check=True,
                       encoding="utf-8").stdout
        for i in range(1, n + 1)
    ]  # fmt: skip


class _Page(HTMLParser):
    """What a browser would run or follow in a page, and its visible text."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict]] = []
        self.text: list[str] = []
        self._skip = 0

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))
        self._skip += tag in ("style", "script", "title")

    def handle_endtag(self, tag):
        self._skip -= tag in ("style", "script", "title") and self._skip > 0

    def handle_data(self, data):
        if not self._skip:
            self.text.append(data)


def _page(text: str) -> _Page:
    p = _Page()
    p.feed(text)
    return p


def _squash(text: str) -> str:
    return re.sub(r"\s+", "", text)


def _hostile_raw(raw: Path) -> None:
    """Hostile names into the sample's raw files: cooperatives (their names), activities of 2026 (titles
    and organisers, as new rows of the CSV), linkages (lead party and partner)."""
    from openpyxl import load_workbook

    book = raw / "cooperatives" / "danh_sach_htx_tht.xlsx"
    wb = load_workbook(book)
    ws = wb.worksheets[0]
    header = next(r for r in ws.iter_rows() if any(c.value == "Tên HTX/THT" for c in r))
    col = next(c.column for c in header if c.value == "Tên HTX/THT")
    rows = [r for r in range(header[0].row + 1, ws.max_row + 1) if ws.cell(r, col).value]
    for r, bad in zip(rows, HOSTILE, strict=False):
        ws.cell(r, col).value = f"HTX {bad} Bình Lộc"
    wb.save(book)
    book = raw / "linkages" / "lien_ket_san_xuat_tieu_thu.xlsx"
    wb = load_workbook(book)
    ws = wb.worksheets[0]
    header = next(r for r in ws.iter_rows() if sum(isinstance(c.value, str) for c in r) > 5)
    lead = next(c.column for c in header if "chủ trì" in str(c.value).lower() or "đơn vị" in str(c.value).lower())
    for r, bad in zip(range(header[0].row + 1, ws.max_row + 1), reversed(HOSTILE), strict=False):
        if ws.cell(r, lead).value:
            ws.cell(r, lead).value = f"Công ty {bad}"
    wb.save(book)
    activities = raw / "activities" / "hoat_dong_2026.csv"
    with activities.open(encoding="utf-8-sig", newline="") as f:
        rows = list(csv.reader(f, delimiter=";"))
    head, body = rows[0], rows[1:]
    title, organiser = head.index("Nội dung"), head.index("Tổ chức")
    for i, bad in enumerate(HOSTILE):
        body[i][title] = f"Tập huấn {bad} về liên kết"
        body[-1 - i][organiser] = f"Hội {bad} phường"
    with activities.open("w", encoding="utf-8-sig", newline="") as f:
        csv.writer(f, delimiter=";").writerows([head, *body])


#: A cell the test adds to its copy of the report notebook: data text put into the narrative as a
#: notebook writes it (``R.literal``), so that the names reach every format.
SHOW_NAMES = '''
acts = R.tables["activities"]
organisers = "; ".join(acts["organiser"].dropna().unique())
md(f"""
Hợp tác xã: {R.literal("; ".join(R.tables["cooperatives"]["name"].dropna()))}.

Hoạt động: {R.literal("; ".join(acts["title"].dropna()))}; đơn vị tổ chức: {R.literal(organisers)}.
""")
'''


@pytest.fixture(scope="module")
def project(copy_project) -> Path:
    """The sample with hostile names in its raw data, its notebook showing them, reports made by the
    command (it cleans first: the raw data is newer than the processed)."""
    project = copy_project("signed")
    _hostile_raw(project / "data" / "raw")
    path = project / "notebooks" / "bao_cao_ke_hoach.ipynb"
    nb = nbformat.read(path, as_version=4)
    nb.cells.insert(len(nb.cells) - 1, nbformat.v4.new_code_cell(SHOW_NAMES.strip()))
    nbformat.write(nb, path)
    (project / "data" / "raw" / "activities" / "hoat_dong_2026.csv").touch()
    return project


@pytest.fixture(scope="module")
def rendered(project: Path) -> subprocess.CompletedProcess:
    r = _cli(project, "report", "2026", "2026-H1", "--briefs", "-q", "-j", "1")
    assert r.returncode == 0, r.stdout + r.stderr
    return r


def _official(project: Path) -> dict[str, str]:
    """The text of every official output: the two reports (HTML with its markup, PDF, Word) and the briefs."""
    out = {}
    for period in ("2026", "2026-H1"):
        folder = project / "reports" / period
        out[f"{period}.html"] = (folder / f"bao_cao_{period}.html").read_text(encoding="utf-8")
        out[f"{period}.pdf"] = "\n".join(_pdf_pages(folder / f"bao_cao_{period}.pdf"))
        with zipfile.ZipFile(folder / f"bao_cao_{period}.docx") as z:
            xml = z.read("word/document.xml").decode("utf-8")
        out[f"{period}.docx"] = html.unescape(re.sub(r"<[^>]+>", "", re.sub(r"</w:p>", "\n", xml)))
    briefs = sorted((project / "reports" / "2026-H1" / "briefs").glob("*.html"))
    assert briefs
    for f in briefs:
        out[f.name] = f.read_text(encoding="utf-8")
        out[f.with_suffix(".pdf").name] = "\n".join(_pdf_pages(f.with_suffix(".pdf")))
    return out


def _visible(name: str, text: str) -> str:
    """What a reader sees of an output: an HTML page's text (markup and its data URIs aside)."""
    return "".join(_page(text).text) if name.endswith(".html") else text


def _without_appendix(name: str, text: str) -> tuple[str, str]:
    """The document without its appendix "Giải thích số liệu", and the appendix: the appendix names the source
    files each figure was counted from (by the name the analyst sent them, issue 16), nothing else."""
    if name.endswith(".html"):
        parts = re.split(r"<!-- phu-luc -->|<!-- /phu-luc -->", text)
        return (parts[0] + parts[-1], parts[1]) if len(parts) == 3 else (text, "")
    at = text.find("GIẢI THÍCH SỐ LIỆU")
    return (text[:at], text[at:]) if at >= 0 else (text, "")


def test_the_path_pattern_finds_paths_and_spares_the_documents_words():
    paths = ("data/processed/noi_bo/chung_nhan_sap_het_han_2026.xlsx", "ghi vào tệp .../2027.yaml",
             r"C:\lkdata\data\raw", "data/raw/notes/2026.md", "/tmp/x/y", "noi_bo", "tệp reports/index")  # fmt: skip
    for path in paths:
        assert PATH.search(path), path
    for words in ("Số: /BC-UBND", "Kế hoạch số 1327/KH-UBND ngày 02/4/2026", "HTX/THT", "10/11/2026",
                  "Nghị định số 98/2018/NĐ-CP", "lượt/người", "tấn/ha", "Đơn vị: triệu đồng"):  # fmt: skip
        assert not PATH.search(words), words


def test_no_official_output_names_a_file(project: Path, rendered):
    for name, text in _official(project).items():
        document, appendix = _without_appendix(name, text)
        seen = _visible(name, document)
        found = [m.group(0) for m in PATH.finditer(seen)]
        assert not found, f"{name}: {found}"
        # the appendix names no file either: records counted and the lists they come from
        shown = _visible(name, appendix)
        found = [m.group(0) for m in PATH.finditer(shown)] + re.findall(r"\btệp\b|trang tính|mã bản ghi", shown)
        assert not found, f"{name}: {found}"
        if name.startswith("2026"):
            assert "Số liệu gồm" in shown, name  # the appendix is there, in every format
    h1 = _visible("x.html", _official(project)["2026-H1.html"])
    assert "Danh sách chi tiết các trường hợp được tính lưu tại bộ phận chuyên môn" in re.sub(r"\s+", " ", h1)


def test_the_command_says_where_the_office_list_is(project: Path, rendered):
    m = re.search(r"hộ có chứng nhận hết hạn trong 90 ngày \(danh sách kèm theo, nội bộ, có thông tin cá nhân\): "
                  r"(\S+\.xlsx)", rendered.stdout)  # fmt: skip
    assert m, rendered.stdout
    assert (project / m.group(1)).is_file() and "noi_bo" in m.group(1)


def test_a_placeholder_marks_every_page_a_draft_and_the_command_names_it(project: Path, rendered):
    pages = _pdf_pages(project / "reports" / "2026" / "bao_cao_2026.pdf")  # no targets for 2027: a placeholder
    assert len(pages) > 3
    assert all("DỰ THẢO" in page for page in pages), [i + 1 for i, p in enumerate(pages) if "DỰ THẢO" not in p]
    year = (project / "reports" / "2026" / "bao_cao_2026.html").read_text(encoding="utf-8")
    assert 'class="draft-banner"' in year and "@top-right" in year and "chỉ tiêu năm 2027" in year
    assert "[Chưa có chỉ tiêu năm 2027]" in _visible("x.html", year)
    assert re.search(r"DỰ THẢO\s+Báo cáo kết quả thực hiện kế hoạch năm 2026 còn 2 nội dung chưa có", rendered.stdout)
    assert "- chỉ tiêu năm 2027: ghi chỉ tiêu năm 2027 vào tệp data/raw/reference/targets/2027.yaml" in rendered.stdout
    manifest = json.loads((project / "reports" / "2026" / "manifest.json").read_text(encoding="utf-8"))
    assert [p["what"] for p in manifest["placeholders"]] == ["chỉ tiêu năm 2027", "họ và tên người ký"]
    assert manifest["final"] is False
    # the six-month report's notes and targets are complete: the signer's name alone keeps it a draft
    manifest = json.loads((project / "reports" / "2026-H1" / "manifest.json").read_text(encoding="utf-8"))
    assert [p["what"] for p in manifest["placeholders"]] == ["họ và tên người ký"] and manifest["final"] is False


def test_hostile_names_print_as_text_in_html_and_pdf(project: Path, rendered):
    processed = project / "data" / "processed"
    coops = pd.read_parquet(processed / "cooperatives.parquet")["name"].dropna()
    acts = pd.read_parquet(processed / "activities.parquet")
    names = [*coops, *acts["title"].dropna(), *acts["organiser"].dropna()]
    hostile = sorted({n for n in names if re.search(r"[<*\[{$]", n)})
    assert len(hostile) >= 3 * len(HOSTILE) - 2, hostile  # they survived the clean (as typed, or title-cased)
    for period in ("2026", "2026-H1"):
        folder = project / "reports" / period
        page = _page((folder / f"bao_cao_{period}.html").read_text(encoding="utf-8"))
        assert not [t for t, _ in page.tags if t in ("script", "iframe", "object", "embed")]
        assert not [a for _, a in page.tags if any(k.startswith("on") for k in a)]
        assert not [a for t, a in page.tags if t == "a" and "javascript" in a.get("href", "").lower()]
        assert all(a.get("src", "").startswith("data:image/svg+xml;base64,") for t, a in page.tags if t == "img")
        text = "".join(page.text).replace("\xa0", " ")
        # the text runs on across pages: the page furniture (number, banner, DỰ THẢO) between them set aside
        # (on one line or several: pdftotext's layout may put the page number and DỰ THẢO side by side)
        furniture = re.compile(r"^(?:(?:\d+|DỰ THẢO|DỮ LIỆU MẪU - không dùng cho báo cáo chính thức)\s*)+$")
        pages = _pdf_pages(folder / f"bao_cao_{period}.pdf")
        pdf = _squash("".join("\n".join(line for line in p.splitlines() if not furniture.match(line.strip()))
                              for p in pages))  # fmt: skip
        for name in hostile:
            assert name in text, name  # as the characters it is: no tag made of it, no Markdown run
            assert _squash(name) in pdf, name
        raw = (folder / f"bao_cao_{period}.html").read_text(encoding="utf-8")
        assert not re.search(r"<strong>\s*bold\s*</strong>", raw, re.I)
        assert not re.search(r"<a [^>]*>link</a>", raw, re.I)


def test_charts_are_vector_graphics_and_the_pdf_renders_their_text(project: Path, rendered):
    raw = (project / "reports" / "2026" / "bao_cao_2026.html").read_text(encoding="utf-8")
    svgs = [base64.b64decode(m) for m in re.findall(r'src="data:image/svg\+xml;base64,([^"]+)"', raw)]
    assert len(svgs) >= 3 and "data:image/png" not in raw
    for svg in svgs:
        assert b"<text" in svg and b"<image" not in svg  # text as text, no raster inside
    pdf = _squash("".join(_pdf_pages(project / "reports" / "2026" / "bao_cao_2026.pdf")))
    for label in ("Cùngkỳnăm2025", "Sầuriêng", "Đến10/11/2026"):  # legend and axis labels, diacritics and all
        assert label in pdf, label
    fonts = subprocess.run(["pdffonts", str(project / "reports" / "2026" / "bao_cao_2026.pdf")], capture_output=True,
                           text=True, check=True).stdout  # fmt: skip
    assert "DejaVu" not in fonts  # every text, charts included, in the document's Times-metric font


def test_recipients_include_the_units_the_report_asks(project: Path, rendered):
    text = re.sub(r"\s+", " ", _visible("x.html", (project / "reports" / "2026" / "bao_cao_2026.html")
                                        .read_text(encoding="utf-8")))  # fmt: skip
    end = text[text.index("Nơi nhận") :]
    for unit in ("Sở Nông nghiệp và Môi trường tỉnh;", "Trung tâm Dịch vụ nông nghiệp khu vực 3;", "Lưu: VT."):
        assert unit in end
    assert end.index("Trung tâm Dịch vụ nông nghiệp khu vực 3") < end.index("Lưu: VT.")


def test_final_refuses_a_draft_naming_each_placeholder_and_writes_nothing(project: Path, rendered, tmp_path: Path):
    notes = project / "ghi_chu_thu" / "thieu.md"  # outside the raw data: the clean stays fresh
    notes.parent.mkdir(exist_ok=True)
    notes.write_text("## Khó khăn, vướng mắc\n\nThiếu vốn.\n\n## Nhiệm vụ, giải pháp kỳ tới\n\n- Tiếp tục.\n",
                     encoding="utf-8")  # fmt: skip
    out = tmp_path / "final"
    r = _cli(project, "report", "2026", "--final", "--notes", str(notes), "--out", str(out), "-q", "-j", "1")
    assert r.returncode == 1, r.stdout + r.stderr
    for what in ("nội dung mục “Nguyên nhân khách quan”", "nội dung mục “Đề xuất, kiến nghị”", "chỉ tiêu năm 2027"):
        assert what in r.stderr
    assert "“## Nguyên nhân khách quan” vào tệp ghi chú ghi_chu_thu/thieu.md" in r.stderr
    assert "2027.yaml" in r.stderr and "--final" in r.stderr
    todo = "ghi họ và tên người ký (signer: name) vào tệp data/raw/reference/ward.yaml (chưa có tệp này thì chép"
    assert f"họ và tên người ký ({todo}" in r.stderr
    written = [f for f in out.rglob("*") if f.is_file() and f.name != "index.html"]
    assert not written, written  # nothing half-written, no draft in its place


def test_final_writes_a_complete_document_unmarked(project: Path, rendered, tmp_path: Path):
    notes = project / "ghi_chu_thu" / "day_du.md"
    notes.parent.mkdir(exist_ok=True)
    from lkdata.report.notes import NOTE_SECTIONS

    sections = [t for k, t in NOTE_SECTIONS.items() if k not in ("nguyen nhan", "noi nhan")]  # every section asked
    notes.write_text("".join(f"## {s}\n\nNội dung {s.lower()}.\n\n" for s in sections), encoding="utf-8")
    targets = project / "data" / "raw" / "reference" / "targets"
    shutil.copy(targets / "2026.yaml", targets / "2027.yaml")  # a new catalogue: the command cleans again
    try:
        with _signer_named(project):
            out = tmp_path / "final"
            r = _cli(project, "report", "2026", "--final", "--notes", str(notes), "--out", str(out), "--formats",
                     "html,pdf", "-q", "-j", "1")  # fmt: skip
    finally:
        (targets / "2027.yaml").unlink()
    assert r.returncode == 0, r.stdout + r.stderr
    assert "DỰ THẢO" not in r.stdout
    page = (out / "2026" / "bao_cao_2026.html").read_text(encoding="utf-8")
    assert "DỰ THẢO" not in page and "[Chưa có" not in page
    assert not any("DỰ THẢO" in p for p in _pdf_pages(out / "2026" / "bao_cao_2026.pdf"))
    assert SIGNER in page and any(SIGNER in p for p in _pdf_pages(out / "2026" / "bao_cao_2026.pdf"))
    manifest = json.loads((out / "2026" / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["final"] is True and manifest["placeholders"] == []


# --- the signer's name --------------------------------------------------------------------------------

#: The signer a test's profile names.
SIGNER = "Nguyễn Văn Ký"


@contextlib.contextmanager
def _signer_named(project: Path):
    """The office's copy of the ward profile (``data/raw/reference/ward.yaml``): the shipped one with the
    signer's name filled in; removed afterwards."""
    from importlib.resources import files

    import yaml

    profile = yaml.safe_load(files("lkdata.reference").joinpath("ward.yaml").read_text(encoding="utf-8"))
    profile["signer"]["name"] = SIGNER
    target = project / "data" / "raw" / "reference" / "ward.yaml"
    target.write_text(yaml.safe_dump(profile, allow_unicode=True, sort_keys=False), encoding="utf-8")
    try:
        yield target
    finally:
        target.unlink()


def _docx_signature(path: Path) -> tuple[list[str], str, str]:
    """The signature cell's lines (the footer table's right cell: the last table before the appendix), the
    text of the page header (where the draft mark is) and the whole text."""
    import docx

    doc = docx.Document(str(path))
    cell = doc.tables[-1].rows[0].cells[1]  # the appendix has no table: the footer's is the last
    header = doc.sections[0].header.paragraphs[0].text + doc.sections[0].first_page_header.paragraphs[0].text
    return [p.text for p in cell.paragraphs], header, "\n".join(p.text for p in doc.paragraphs)


def test_without_a_signer_name_the_document_is_a_draft_in_every_format(project: Path, rendered):
    folder = project / "reports" / "2026-H1"
    assert re.search(r"DỰ THẢO\s+Báo cáo kết quả thực hiện kế hoạch 6 tháng đầu năm 2026 còn 1 nội dung chưa có",
                     rendered.stdout)  # fmt: skip
    todo = "ghi họ và tên người ký (signer: name) vào tệp data/raw/reference/ward.yaml (chưa có tệp này thì chép"
    assert f"- họ và tên người ký: {todo}" in rendered.stdout
    page = (folder / "bao_cao_2026-H1.html").read_text(encoding="utf-8")
    assert 'class="draft-banner"' in page and '<span class="cho-dien placeholder">[Họ và tên người ký]</span>' in page
    pages = _pdf_pages(folder / "bao_cao_2026-H1.pdf")
    assert all("DỰ THẢO" in p for p in pages)
    [signed] = [p for p in pages if "PHÓ CHỦ TỊCH" in p]
    lines = [line.strip() for line in signed.splitlines()]
    at = next(i for i, line in enumerate(lines) if line.endswith("PHÓ CHỦ TỊCH"))
    name = next(i for i, line in enumerate(lines) if line.endswith("[Họ và tên người ký]"))
    assert name - at >= 4  # room to sign and seal between the title and the name
    cell, header, _ = _docx_signature(folder / "bao_cao_2026-H1.docx")
    assert cell[:2] == ["KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH"] and cell[-1] == "[Họ và tên người ký]"
    assert len([x for x in cell[2:-1] if not x]) >= 5 and "DỰ THẢO" in header


def test_a_profile_naming_the_signer_prints_the_name_and_is_no_draft(project: Path, rendered, tmp_path: Path):
    out = tmp_path / "final"
    with _signer_named(project):
        r = _cli(project, "report", "2026-H1", "--final", "--out", str(out), "-q", "-j", "1")
    assert r.returncode == 0, r.stdout + r.stderr
    assert "DỰ THẢO" not in r.stdout
    folder = out / "2026-H1"
    page = (folder / "bao_cao_2026-H1.html").read_text(encoding="utf-8")
    assert "DỰ THẢO" not in page and "[Họ và tên người ký]" not in page
    pages = _pdf_pages(folder / "bao_cao_2026-H1.pdf")
    assert not any("DỰ THẢO" in p or "Họ và tên người ký" in p for p in pages)
    [signed] = [p for p in pages if "PHÓ CHỦ TỊCH" in p]
    lines = [line.strip() for line in signed.splitlines()]
    at = next(i for i, line in enumerate(lines) if line.endswith("PHÓ CHỦ TỊCH"))
    name = next(i for i, line in enumerate(lines) if line.endswith(SIGNER))
    assert name - at >= 4
    cell, header, text = _docx_signature(folder / "bao_cao_2026-H1.docx")
    assert cell[:2] == ["KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH"] and cell[-1] == SIGNER and "DỰ THẢO" not in header
    assert "Họ và tên người ký" not in text
    manifest = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["final"] is True and manifest["placeholders"] == []
