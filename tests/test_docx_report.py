"""The Word copies of the sample's six-month and annual reports, from the run's one rendering (the
``rendered_reports`` fixture shared with test_report.py), read back with python-docx and from the raw XML:
the Decree 30 layout the PDF prints, the same tables and figures as the HTML, charts at print resolution."""

from __future__ import annotations

import html
import re
import zipfile
from pathlib import Path

import nbformat
import pytest
from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_COLOR_INDEX, WD_TAB_ALIGNMENT
from docx.shared import Pt
from pypdf import PdfReader

from lkdata.jobs.docx import TEXT_TWIPS
from lkdata.jobs.docx_tables import PAD_PT, is_figure, text_width
from lkdata.report.decree30 import BLANK
from lkdata.report.html import MODEL_MIME
from lkdata.vn.places import Places

pytestmark = pytest.mark.e2e

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
PERIODS = ["2026-H1", "2026"]


def _files(project: Path, period: str) -> dict[str, Path]:
    folder = project / "reports" / period
    return {ext: folder / f"bao_cao_{period}.{ext}" for ext in ("docx", "html", "ipynb", "pdf")}


@pytest.fixture(scope="module", params=PERIODS)
def report(request, report_project: Path, rendered_reports):
    files = _files(report_project, request.param)
    with zipfile.ZipFile(files["docx"]) as z:
        xml = z.read("word/document.xml").decode("utf-8")
        media = {n: z.read(n) for n in z.namelist() if n.startswith("word/media/")}
    return {"period": request.param, "doc": Document(files["docx"]), "xml": xml, "media": media, **files}


def _ward() -> dict:
    from lkdata.io.reference import load_reference

    return load_reference().ward


def _bordered(doc) -> list:
    return [t for t in doc.tables if t._tbl.tblPr.find(f"{W}tblBorders/{W}top").get(f"{W}val") == "single"]


def test_page_font_and_page_numbers(report):
    doc = report["doc"]
    s = doc.sections[0]
    assert (s.page_width.twips, s.page_height.twips) == (11906, 16838)
    assert [round(x.mm) for x in (s.top_margin, s.right_margin, s.bottom_margin, s.left_margin)] == [20, 15, 20, 30]
    assert doc.styles["Normal"].font.name == "Times New Roman" and doc.styles["Normal"].font.size == Pt(13)
    assert s.different_first_page_header_footer
    assert "PAGE" in s.header._element.xml and "PAGE" not in s.first_page_header._element.xml
    p = s.header.paragraphs[0]  # centred: by alignment, or on a centre tab stop when DỰ THẢO is at the right
    stops = {(t.alignment, t.position.twips) for t in p.paragraph_format.tab_stops}
    assert p.alignment == WD_ALIGN_PARAGRAPH.CENTER or (WD_TAB_ALIGNMENT.CENTER, TEXT_TWIPS // 2) in stops
    for footer in (s.footer, s.first_page_footer):  # the sample's banner, as on every page of the PDF
        assert "DỮ LIỆU MẪU" in footer.paragraphs[0].text
    nb = nbformat.read(report["ipynb"], as_version=4)
    models = [o["data"][MODEL_MIME] for c in nb.cells for o in c.get("outputs", []) if MODEL_MIME in o.get("data", {})]
    placeholders = [m["text"] for m in models if m.get("kind") == "placeholder"]
    placeholders += [m["name_placeholder"] for m in models if m.get("name_placeholder")]  # no signer's name
    assert "[Họ và tên người ký]" in placeholders  # the sample's profile names no signer: a draft
    for header in (s.header, s.first_page_header):  # a document still holding a placeholder is a draft
        assert ("DỰ THẢO" in header._element.xml) == bool(placeholders)
    cells = [c.text for t in doc.tables for r in t.rows for c in r.cells]  # the signature is in the footer's table
    text = "\n".join([p.text for p in doc.paragraphs] + cells)
    assert all(x in text for x in placeholders)


def test_a_draft_names_what_it_lacks_in_a_box_on_page_one_as_the_pdf(report):
    from lkdata.jobs.render import placeholders_in
    from lkdata.report.html import draft_notice

    placeholders = placeholders_in(nbformat.read(report["ipynb"], as_version=4))
    assert placeholders  # the sample names no signer: a draft
    box = report["doc"].paragraphs[0]
    assert box.text == f"DỰ THẢO {draft_notice(placeholders)}"
    assert {e.tag[len(W) :] for e in box._p.find(f"{W}pPr/{W}pBdr")} == {"top", "left", "bottom", "right"}
    page = html.unescape(re.sub(r"<[^>]+>", "", report["html"].read_text(encoding="utf-8")))
    assert " ".join(box.text.split()) in " ".join(page.split())  # the HTML's (and the PDF's) box, word for word
    first = PdfReader(report["pdf"]).pages[0].extract_text()
    assert draft_notice(placeholders) in " ".join(first.split())  # the PDF's box on page 1, word for word


def test_header_block(report):
    doc, ward = report["doc"], _ward()
    table = doc.tables[0]
    assert all(el.get(f"{W}val") == "nil" for el in table._tbl.tblPr.find(f"{W}tblBorders"))
    issuer, motto = table.rows[0].cells
    assert [p.text for p in issuer.paragraphs if p.text] == [x.upper() for x in ward["issuing_body"]]
    assert [p.text for p in motto.paragraphs if p.text] == ["CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
                                                             "Độc lập - Tự do - Hạnh phúc"]  # fmt: skip
    for cell in (issuer, motto):
        texts = [p for p in cell.paragraphs if p.text]
        assert all(p.alignment == WD_ALIGN_PARAGRAPH.CENTER and all(r.bold for r in p.runs) for p in texts)
        assert cell.paragraphs[-1]._p.find(f"{W}pPr/{W}pBdr/{W}top") is not None  # the short rule
    number, place = table.rows[1].cells
    # the room for the number and the date left blank, in the Word copy as in the PDF (the same text)
    assert number.text == f"Số:{BLANK}/BC-UBND" and place.text == f"{ward['place']}, ngày{BLANK}tháng{BLANK}năm 2026"
    head = _plain(html.unescape(report["html"].read_text(encoding="utf-8")))  # "Long\u00a0Khánh" kept there
    assert f'<td class="number">{_plain(number.text)}</td>' in head and f"<i>{_plain(place.text)}</i>" in head
    pdf = " ".join(PdfReader(report["pdf"]).pages[0].extract_text().split())
    assert "Số: /BC-UBND" in pdf and "." not in number.text + place.text  # blanks, never dots, in both
    assert all(r.italic for r in place.paragraphs[0].runs)
    title, summary = [p for p in doc.paragraphs if p.text and not p.text.startswith("DỰ THẢO ")][:2]  # box: a draft
    assert title.text == "BÁO CÁO" and summary.text.startswith("Kết quả thực hiện Kế hoạch")
    label = "6 tháng đầu năm 2026" if report["period"] == "2026-H1" else "năm 2026"
    assert _plain(summary.text).endswith(label)
    for p in (title, summary):
        assert p.alignment == WD_ALIGN_PARAGRAPH.CENTER and all(r.bold for r in p.runs)
    # the ward's name never broken across lines ("phường / Long Khánh"), nor "6 tháng"
    assert Places.of(ward).place.replace(" ", "\u00a0") in summary.text
    assert report["period"] != "2026-H1" or "6\u00a0tháng" in summary.text


def test_the_document_names_its_title_and_author_and_its_language_is_vietnamese(report):
    doc, ward = report["doc"], _ward()
    props = doc.core_properties
    title = re.search(r"<title>(.*?)</title>", report["html"].read_text(encoding="utf-8")).group(1)
    assert props.title == html.unescape(title) and props.title.startswith("Báo cáo kết quả thực hiện kế hoạch")
    assert props.author == props.last_modified_by == " ".join(ward["issuing_body"])
    assert props.language == "vi-VN" and "python-docx" not in (props.author + props.comments)
    with zipfile.ZipFile(report["docx"]) as z:
        styles, settings = (z.read(f"word/{n}.xml").decode("utf-8") for n in ("styles", "settings"))
    defaults = re.search(r"<w:rPrDefault>.*?</w:rPrDefault>", styles, re.S).group(0)
    assert '<w:lang w:val="vi-VN"' in defaults and "en-US" not in styles  # every style and run inherits it
    assert 'w:themeFontLang w:val="vi-VN"' in settings
    assert "w:lang" not in report["xml"]  # no run says another language


def test_every_narrative_paragraph_is_a_body_paragraph(report):
    """The office list's sentence ("Có 7 hộ có chứng nhận hết hạn ...") is narrative: justified and indented
    as every other body paragraph."""
    doc = report["doc"]
    office = [p for p in doc.paragraphs if re.match(r"Có \d+ hộ có chứng nhận hết hạn", p.text)]
    assert len(office) == 1
    for p in office:
        assert p.alignment == WD_ALIGN_PARAGRAPH.JUSTIFY and round(p.paragraph_format.first_line_indent.mm) == 10


def test_headings_bold_and_body_justified_with_an_indent(report):
    doc = report["doc"]
    paragraphs = [p for p in doc.paragraphs if p.text]
    headings = [p for p in paragraphs if re.match(r"^(I|II|III|IV|V)\. |^\d+\. [A-ZĐ]", p.text)]
    names = [_plain(p.text) for p in headings]  # a heading's last two words joined by a no-break space
    for expected in (
        "I. CÔNG TÁC CHỈ ĐẠO, TRIỂN KHAI",
        "II. KẾT QUẢ THỰC HIỆN",
        "III. ĐÁNH GIÁ CHUNG",
        "V. ĐỀ XUẤT, KIẾN NGHỊ",
        "8. Kinh phí thực hiện",
    ):
        assert expected in names
    assert all(all(r.bold for r in p.runs) and p.paragraph_format.keep_with_next for p in headings)
    opening = next(p for p in paragraphs if p.text.startswith("Thực hiện Kế hoạch"))
    fmt = opening.paragraph_format
    assert opening.alignment == WD_ALIGN_PARAGRAPH.JUSTIFY and round(fmt.first_line_indent.mm) == 10
    assert fmt.space_after == Pt(6) and 1.1 <= fmt.line_spacing <= 1.3
    assert "<w:numPr>" not in report["xml"]  # no Word bullets anywhere: lists are "- " text
    assert "&amp;lt;" not in report["xml"] and "&amp;amp;" not in report["xml"]  # text escaped once


def _html_tables(html_text: str) -> list[list[list[str]]]:
    tables = []
    for body in re.findall(r'<table class="bang[^"]*">(.*?)</table>', html_text, flags=re.S):
        rows = re.findall(r"<tr>(.*?)</tr>", body, flags=re.S)
        # the HTML keeps place names together with no-break spaces: compared as spaces
        tables.append([[html.unescape(re.sub(r"<[^>]+>", "", c)).replace("\xa0", " ").strip()
                        for c in re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", r, flags=re.S)] for r in rows])  # fmt: skip
    return tables


def _plain(text: str) -> str:
    """Text as read: no-break spaces as spaces, word joiners gone."""
    return text.replace("\u00a0", " ").replace("\u2060", "")


def _docx_rows(table) -> list[list[str]]:
    rows = []
    for tr in table._tbl.findall(f"{W}tr"):
        rows.append([_plain("".join(t.text or "" for t in tc.iter(f"{W}t"))).strip() for tc in tr.findall(f"{W}tc")])
    return rows


def test_tables_are_the_htmls_with_repeated_headings_unsplit_rows_and_whole_figures(report):
    doc = report["doc"]
    tables = _bordered(doc)
    expected = _html_tables(report["html"].read_text(encoding="utf-8"))
    assert len(tables) == len(expected) >= 10
    for table, cells in zip(tables, expected, strict=True):
        assert _docx_rows(table) == cells  # the same table, cell for cell
        trs = table._tbl.findall(f"{W}tr")
        assert trs[0].find(f"{W}trPr/{W}tblHeader") is not None
        assert all(tr.find(f"{W}trPr/{W}cantSplit") is not None for tr in trs)
        grid = [int(c.get(f"{W}w")) / 20 for c in table._tbl.findall(f"{W}tblGrid/{W}gridCol")]
        assert abs(sum(grid) - 165 / 25.4 * 72) < 1  # the text width
        for tr in trs[1:]:
            for j, tc in enumerate(tr.findall(f"{W}tc")):
                if tc.find(f"{W}tcPr/{W}gridSpan") is not None:
                    continue
                text = "".join(t.text or "" for t in tc.iter(f"{W}t"))
                runs = tc.findall(f".//{W}r")
                if not runs or j == 0:
                    continue
                size = int(runs[0].find(f"{W}rPr/{W}sz").get(f"{W}val")) / 2
                bold = runs[0].find(f"{W}rPr/{W}b") is not None
                if not is_figure(text):  # words: each piece whole ("chưa giao", "Rau màu", "HTX/THT") fits
                    for piece in text.split(" "):
                        assert grid[j] >= text_width(_plain(piece), size, bold) + 2 * PAD_PT - 0.5, (piece, grid[j])
                    assert "chưa giao" not in text and "HTX/THT" not in text  # written unbreakable
                    continue
                assert 9 <= size <= 11
                assert tc.find(f"{W}tcPr/{W}noWrap") is not None
                assert tc.find(f"{W}p/{W}pPr/{W}jc").get(f"{W}val") == "right"
                # the figure fits its column whole: it never breaks inside ("8.059," / "2")
                assert grid[j] >= text_width(text, size, bold) + 2 * PAD_PT, (text, grid[j])


def test_charts_are_the_notebooks_figures_at_print_resolution(report):
    nb = nbformat.read(report["ipynb"], as_version=4)
    figures = [o["data"][MODEL_MIME] for c in nb.cells for o in c.get("outputs", [])
               if MODEL_MIME in o.get("data", {}) and o["data"][MODEL_MIME]["kind"] == "figure"]  # fmt: skip
    assert len(report["media"]) == len(figures) >= 3
    for png in report["media"].values():
        at = png.find(b"pHYs")
        assert int.from_bytes(png[at + 4 : at + 8], "big") * 0.0254 >= 200
    text = _plain("\n".join(p.text for p in report["doc"].paragraphs))
    for f in figures:
        assert f["caption"] in text


def test_recipients_and_signature_from_the_ward_profile(report, report_project: Path):
    from lkdata.io.notes import read_notes
    from lkdata.report.decree30 import recipients
    from lkdata.report.notes import Notes

    doc, ward = report["doc"], _ward()
    notes_path = report_project / "data" / "raw" / "notes" / f"{report['period']}.md"
    extra = Notes.parse(read_notes(notes_path), notes_path).recipients() if notes_path.is_file() else []
    table = doc.tables[-1]
    left, right = table.rows[0].cells
    head, *items = left.paragraphs
    assert head.text == "Nơi nhận:" and head.runs[0].bold and head.runs[0].italic and head.runs[0].font.size == Pt(12)
    # the ward profile's recipients, with the units the notes ask for something before "Lưu: VT."
    assert [p.text for p in items] == [f"- {r}" for r in recipients(ward, extra)]
    assert items[-1].text == "- Lưu: VT."
    assert all(p.runs[0].font.size == Pt(11) for p in items)
    signer = ward["signer"]
    lines = right.paragraphs
    name = signer.get("name") or "[Họ và tên người ký]"  # no name in the profile: a placeholder where it goes
    assert [p.text for p in lines if p.text] == [x.upper() for x in (signer["authority"], signer["title"])
                                                 if x] + [name]  # fmt: skip
    assert all(p.alignment == WD_ALIGN_PARAGRAPH.CENTER for p in lines)
    assert all(r.bold for p in lines[:-1] for r in p.runs if r.text)
    [run] = lines[-1].runs
    assert run.bold if signer.get("name") else (run.italic and run.font.highlight_color == WD_COLOR_INDEX.YELLOW)
    assert len([p for p in lines[2:-1] if not p.text]) >= 5  # room to sign and seal
    assert sum(1 for p in lines[2:-1] if not p.text) >= 4  # room to sign
    assert table._tbl.find(f"{W}tr/{W}trPr/{W}cantSplit") is not None


def test_the_pdf_breaks_no_unit_status_or_product_inside(report):
    """The PDF's tables (WeasyPrint) keep each piece of a cell whole: "HTX/ / THT", "sản / phẩm", "lượt / doanh /
    nghiệp", "chưa / giao" never; the HTML wraps them in a span that never wraps."""
    text = report["html"].read_text(encoding="utf-8")
    assert '<span class="nobr">chưa giao</span>' in text and '<span class="nobr">HTX/THT</span>' in text
    text = "\n".join(p.extract_text() for p in PdfReader(report["pdf"]).pages)
    # a unit cell broken inside a piece, as before: "lượt" / "HTX/" / "THT", "lượt" / "doanh" / "nghiệp"
    broken = re.compile(r"(?:^|\n)(?:lượt\s)?HTX/\n|lượt\s*\n\s*doanh\s*\n|(?:^|\n)sản\n\s*phẩm|(?:^|\n)chưa\n\s*giao")
    assert not broken.findall(text)


def test_the_notes_under_a_table_are_in_the_word_copy_too(report):
    """Every note the document prints under a table (rounding, first-half figures recomputed) is in the Word
    copy, in the same order, right after its table."""
    nb = nbformat.read(report["ipynb"], as_version=4)
    models = [o["data"][MODEL_MIME] for c in nb.cells for o in c.get("outputs", []) if MODEL_MIME in o.get("data", {})]
    notes = [str(n) for m in models if m.get("kind") == "table" for n in m.get("notes", [])]
    assert notes, "the sample's reports print at least the rounding note under the khu phố table"
    body = [p.text for p in report["doc"].paragraphs]
    found = [t for t in body if t in notes]
    assert found == notes


def test_each_figure_links_to_its_explanation_in_the_appendix_as_in_the_pdf(report):
    """A figure of a task table links to its indicator's explanation in the appendix: in the HTML (and so the
    PDF) an ``<a href="#giai-thich-...">``, in the Word copy an internal hyperlink to the bookmark on the
    explanation's title. Same figures, same order, each landing on the title the HTML's entry has."""
    page = report["html"].read_text(encoding="utf-8")
    links = re.findall(r'<a class="so-lieu" href="#(giai-thich-[^"]+)">([^<]*)</a>', page)
    assert len(links) > 10
    titles = {i: _plain(html.unescape(re.sub(r"<[^>]+>", "", t))).strip() for i, t in
              re.findall(r'<div class="gt-entry" id="([^"]+)">.*?class="gt-title">(.*?)</p>', page, re.S)}  # fmt: skip
    doc = report["doc"]
    body = doc.element.body
    # Word's bookmark names: letters, digits and "_" (at most 40): the HTML's id with its hyphens as "_"
    name = {t: re.sub(r"[^0-9A-Za-z_]", "_", t) for t, _ in links}
    assert all(len(n) <= 40 for n in name.values())
    word_links = [(h.get(f"{W}anchor"), _plain("".join(t.text or "" for t in h.iter(f"{W}t"))))
                  for h in body.iter(f"{W}hyperlink")]  # fmt: skip
    assert word_links == [(name[t], _plain(text)) for t, text in links]
    marks = {}
    for p in doc.paragraphs:
        for b in p._p.iter(f"{W}bookmarkStart"):
            marks[b.get(f"{W}name")] = _plain(p.text).strip()
    for target, _ in links:
        assert marks[name[target]] == titles[target], target  # the link lands on the explanation's title
    # the PDF links the same figures to the same places (named destinations on the appendix's pages)
    pdf = PdfReader(report["pdf"])
    dests = [a.get_object()["/Dest"] for p in pdf.pages for a in p.get("/Annots") or []
             if a.get_object().get("/Subtype") == "/Link"]  # fmt: skip
    assert sorted(set(dests)) == sorted({t for t, _ in links})


def test_the_appendix_is_a_section_numbered_on_its_own(report):
    """Decree 30: an appendix's pages are numbered on their own (“Số trang của Phụ lục được đánh riêng theo
    từng Phụ lục”): the appendix is a second section on a new page, numbered from 1, its first page with the
    unnumbered header as the report's first page, the same headers and footers (number, DỰ THẢO, banner)."""
    from docx.enum.section import WD_SECTION

    doc = report["doc"]
    assert len(doc.sections) == 2
    body, appendix = doc.sections
    assert body._sectPr.find(f"{W}pgNumType") is None  # the report: from 1, as before
    assert appendix.start_type == WD_SECTION.NEW_PAGE
    assert appendix._sectPr.find(f"{W}pgNumType").get(f"{W}start") == "1"
    assert appendix.different_first_page_header_footer
    for part in ("header", "first_page_header", "footer", "first_page_footer"):
        assert getattr(appendix, part).is_linked_to_previous  # the report's own, inherited
    assert (appendix.page_width, appendix.page_height, appendix.left_margin) == (
        body.page_width, body.page_height, body.left_margin)  # fmt: skip
    texts = [p.text for p in doc.paragraphs]
    start = texts.index("PHỤ LỤC")
    assert doc.paragraphs[start - 1]._p.pPr.find(f"{W}sectPr") is not None  # the report's section ends there
    assert texts[start + 1] == "GIẢI THÍCH SỐ LIỆU" and all("Nơi nhận" not in t for t in texts[start:])
