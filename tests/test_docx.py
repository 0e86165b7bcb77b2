"""The Word copy's builder on small hand-made models: page, header block, narrative, tables (widths from
content), charts, ``Nơi nhận`` and signature, escaping; read back with python-docx and from the raw XML."""

from __future__ import annotations

import io
import re
import zipfile

import nbformat
import pytest
from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Pt
from hypothesis import given
from hypothesis import strategies as st

from lkdata.jobs.docx import TEXT_TWIPS, build_docx, notebook_blocks
from lkdata.jobs.docx_tables import FIRST_ROWS, PAD_PT, SHORT_ROWS, TABLE_SIZES, fit, is_figure, kept_rows, text_width
from lkdata.report.decree30 import BLANK, blank_date
from lkdata.report.html import MODEL_MIME, Block, Markdown, Placeholder, draft_notice, table_html

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
HOSTILE = ["<script>alert(1)</script>", '<img src=x onerror="alert(1)">', "**đậm giả**", "A & B <b>", "$x$"]

HEADER = {
    "kind": "header", "title": "BÁO CÁO", "national_title": "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
    "motto": "Độc lập - Tự do - Hạnh phúc", "banner": "DỮ LIỆU MẪU - không dùng cho báo cáo chính thức",
    "sample": True, "issuing_body": ["Ủy ban nhân dân", "phường Long Khánh"], "number": "Số:      /BC-UBND",
    "place": "Long Khánh", "date": "", "year": 2026, "keep": "Long Khánh",
    "summary": "Kết quả thực hiện Kế hoạch phát triển hợp tác trên địa bàn phường Long Khánh 6 tháng đầu năm 2026",
}  # fmt: skip
FOOTER = {
    "kind": "footer", "paragraphs": ["Trên đây là báo cáo ./."],
    "recipients": ["Sở Nông nghiệp và Môi trường tỉnh;", "Lưu: VT."],
    "signer": {"authority": "KT. Chủ tịch", "title": "PHÓ CHỦ TỊCH", "name": "Nguyễn Văn A"},
}  # fmt: skip


def _save(blocks: list[dict], **options) -> tuple[Document, str, zipfile.ZipFile]:
    buf = io.BytesIO()
    build_docx(blocks, **options).save(buf)
    z = zipfile.ZipFile(buf)
    return Document(buf), z.read("word/document.xml").decode("utf-8"), z


def _plain(text: str) -> str:
    """A cell's text as read: its no-break spaces as spaces, its word joiners gone."""
    return text.replace("\u00a0", " ").replace("\u2060", "")


def _table(head, rows, text_columns=1) -> dict:
    return table_html("Bảng 1. Thử", head, rows, text_columns).model


# --- the model beside the HTML ---------------------------------------------------------------------------


def test_every_block_shows_its_model_beside_its_html():
    from IPython.core.formatters import DisplayFormatter

    fmt = DisplayFormatter()
    for obj, kind in ((Markdown("Đoạn **một**."), "markdown"), (Placeholder("nội dung", "ghi"), "placeholder"),
                      (table_html("B", ["TT", "A"], [["1", "x"]]), "table")):  # fmt: skip
        data, _ = fmt.format(obj)
        assert "text/html" in data and data[MODEL_MIME]["kind"] == kind
    data, _ = fmt.format(Block("<p>x</p>"))  # a block without a model shows its HTML only
    assert MODEL_MIME not in data and "text/html" in data


@pytest.mark.parametrize("name", HOSTILE)
def test_a_table_cell_is_the_text_the_html_escaped(name: str):
    from lkdata.report.html import esc

    model = _table(["TT", "Tên", "Số"], [["1", esc(name), "<b>1.234</b>"], ["2", "<i>chưa gửi</i>"]], 2)
    assert model["rows"][0][1] == {"text": name, "bold": False, "italic": False}
    assert model["rows"][0][2] == {"text": "1.234", "bold": True, "italic": False}
    assert model["rows"][1][1] == {"text": "chưa gửi", "bold": False, "italic": True}


def test_notebook_blocks_follow_the_document_and_leave_out_what_the_html_leaves_out():
    nb = nbformat.v4.new_notebook()
    hidden = nbformat.v4.new_code_cell("period = 1", metadata={"tags": ["parameters"]})
    hidden.outputs = [nbformat.v4.new_output("display_data", {"text/plain": "bí mật"})]
    shown = nbformat.v4.new_code_cell("R.header()")
    shown.outputs = [
        nbformat.v4.new_output("stream", name="stderr", text="Cảnh báo"),
        nbformat.v4.new_output("execute_result", {"text/html": "<p>x</p>", MODEL_MIME: HEADER}, execution_count=1),
        nbformat.v4.new_output("error", ename="E", evalue="v", traceback=[]),
    ]
    note = nbformat.v4.new_markdown_cell("Ghi chú", metadata={"tags": ["analyst-note"]})
    nb.cells = [hidden, nbformat.v4.new_markdown_cell("## I. KẾT QUẢ"), note, shown]
    nb = nbformat.reads(nbformat.writes(nb), as_version=4)  # as written to disk and read back
    blocks = notebook_blocks(nb)
    assert [b["kind"] for b in blocks] == ["markdown", "header"]
    assert blocks[0]["text"] == "## I. KẾT QUẢ" and blocks[1]["summary"] == HEADER["summary"]


# --- page ---------------------------------------------------------------------------------------------------


def test_page_is_a4_with_the_pdfs_margins_and_numbers_from_page_two():
    doc, _, _ = _save([HEADER, {"kind": "markdown", "text": "Đoạn."}])
    s = doc.sections[0]
    assert (s.page_width.twips, s.page_height.twips) == (11906, 16838)  # A4
    assert [round(x.mm) for x in (s.top_margin, s.right_margin, s.bottom_margin, s.left_margin)] == [20, 15, 20, 30]
    assert s.different_first_page_header_footer
    default = "".join(p._p.xml for p in s.header.paragraphs)
    first = "".join(p._p.xml for p in s.first_page_header.paragraphs)
    assert "PAGE" in default and "PAGE" not in first
    assert s.header.paragraphs[0].alignment == WD_ALIGN_PARAGRAPH.CENTER
    normal = doc.styles["Normal"]
    assert normal.font.name == "Times New Roman" and normal.font.size == Pt(13)
    for footer in (s.footer, s.first_page_footer):  # the sample's banner at the foot of every page
        assert HEADER["banner"] in footer.paragraphs[0].text and footer.paragraphs[0].runs[0].bold


def test_real_data_carries_no_banner():
    doc, _, _ = _save([{**HEADER, "sample": False, "banner": ""}])
    assert not doc.sections[0].footer.paragraphs[0].text


# --- header block --------------------------------------------------------------------------------------------


def test_header_block_is_two_borderless_centred_columns_with_rules_and_fields_to_fill():
    doc, _, _ = _save([HEADER])
    table = doc.tables[0]
    borders = table._tbl.tblPr.find(f"{W}tblBorders")
    assert all(el.get(f"{W}val") == "nil" for el in borders)
    issuer, motto = table.rows[0].cells
    lines = [p for p in issuer.paragraphs if p.text]
    assert [p.text for p in lines] == ["ỦY BAN NHÂN DÂN", "PHƯỜNG LONG KHÁNH"]
    for p in [*lines, *(p for p in motto.paragraphs if p.text)]:
        assert p.alignment == WD_ALIGN_PARAGRAPH.CENTER and all(r.bold for r in p.runs)
    assert [p.text for p in motto.paragraphs if p.text] == [HEADER["national_title"], HEADER["motto"]]
    assert motto.paragraphs[1].runs[0].font.size == Pt(13.5)
    for cell, share in ((issuer, (0.2, 0.5)), (motto, (0.45, 0.8))):  # a short rule under each, centred
        rule = cell.paragraphs[-1]
        assert not rule.text and rule._p.find(f"{W}pPr/{W}pBdr/{W}top") is not None
        width = cell.width.twips - rule.paragraph_format.left_indent.twips - rule.paragraph_format.right_indent.twips
        assert share[0] < width / cell.width.twips < share[1]
    number, place = table.rows[1].cells
    # the room for the number and the date left blank, as the PDF leaves it (no dots in one, blanks in the other)
    assert number.text == f"Số:{BLANK}/BC-UBND" and "." not in number.text + place.text
    assert place.text == f"Long Khánh, {blank_date(2026)}" == f"Long Khánh, ngày{BLANK}tháng{BLANK}năm 2026"
    assert all(r.italic for r in place.paragraphs[0].runs)
    title, summary = (p for p in doc.paragraphs if p.text)
    assert title.text == "BÁO CÁO"
    for p in (title, summary):
        assert p.alignment == WD_ALIGN_PARAGRAPH.CENTER and all(r.bold for r in p.runs)
        assert p.runs[0].font.size == Pt(14)
    assert "phường Long\u00a0Khánh 6\u00a0tháng" in summary.text  # the ward's name never broken, nor "6 tháng"
    kept, _, _ = _save([HEADER], place_names=["phường Long Khánh"])  # the place names of the ward profile
    summary = [p for p in kept.paragraphs if p.text][1]
    assert "địa bàn phường\u00a0Long\u00a0Khánh 6\u00a0tháng" in summary.text


def test_the_document_says_its_title_author_and_that_its_text_is_vietnamese():
    doc, _, z = _save([HEADER, {"kind": "markdown", "text": "Đoạn."}], title="Báo cáo 6 tháng đầu năm 2026")
    props = doc.core_properties
    assert props.title == "Báo cáo 6 tháng đầu năm 2026" and props.subject == HEADER["summary"]
    assert props.author == props.last_modified_by == "Ủy ban nhân dân phường Long Khánh"
    assert props.language == "vi-VN" and "python-docx" not in z.read("docProps/core.xml").decode("utf-8")
    styles = z.read("word/styles.xml").decode("utf-8")
    langs = re.findall(r"<w:lang [^>]*/>", styles)
    assert langs and all('w:val="vi-VN"' in x for x in langs) and "en-US" not in styles
    defaults = re.search(r"<w:rPrDefault>.*?</w:rPrDefault>", styles, re.S).group(0)
    assert 'w:lang w:val="vi-VN"' in defaults  # the document's default: every style and run inherits it
    assert 'w:themeFontLang w:val="vi-VN"' in z.read("word/settings.xml").decode("utf-8")
    untitled, _, _ = _save([HEADER])  # without a title given: the header's
    assert untitled.core_properties.title == f"BÁO CÁO {HEADER['summary']}"


def test_a_signing_date_is_written_in_full():
    doc, _, _ = _save([{**HEADER, "date": "ngày 08 tháng 5 năm 2026"}])
    assert doc.tables[0].rows[1].cells[1].text == "Long Khánh, ngày 08 tháng 5 năm 2026"


# --- narrative -----------------------------------------------------------------------------------------------


def test_narrative_is_justified_indented_with_bold_headings_and_dashed_lists():
    text = "## I. KẾT QUẢ\n\n### 1. Nhiệm vụ\n\nĐoạn có **chữ đậm** và *chữ nghiêng*.\n\n- một\n- hai\n\n1. ba\n"
    doc, xml, _ = _save([{"kind": "markdown", "text": text}])
    ps = [p for p in doc.paragraphs if p.text]
    # a heading's last two words joined (no word alone on its last line), as the HTML's
    assert [p.text for p in ps] == ["I. KẾT\u00a0QUẢ", "1. Nhiệm\u00a0vụ", "Đoạn có chữ đậm và chữ nghiêng.", "- một",
                                    "- hai", "1. ba"]  # fmt: skip
    h2, h3, body = ps[:3]
    for h in (h2, h3):
        assert all(r.bold for r in h.runs) and h.paragraph_format.keep_with_next
    assert not h2.paragraph_format.first_line_indent and round(h3.paragraph_format.first_line_indent.mm) == 10
    assert body.alignment == WD_ALIGN_PARAGRAPH.JUSTIFY and round(body.paragraph_format.first_line_indent.mm) == 10
    assert body.paragraph_format.space_after == Pt(6) and 1.1 <= body.paragraph_format.line_spacing <= 1.3
    assert [(r.text, bool(r.bold), bool(r.italic)) for r in body.runs] == [
        ("Đoạn có ", False, False), ("chữ đậm", True, False), (" và ", False, False), ("chữ nghiêng", False, True),
        (".", False, False)]  # fmt: skip
    assert "<w:numPr>" not in xml  # no Word bullets: the dash is text


@pytest.mark.parametrize("name", HOSTILE)
def test_html_in_narrative_and_tables_is_printed_as_text(name: str):
    from lkdata.report.html import esc

    md = f"Hợp tác xã {name} tham gia."
    doc, xml, _ = _save([{"kind": "markdown", "text": md}, _table(["TT", "Tên"], [["1", esc(name)]], 2),
                         Placeholder(name, "ghi vào tệp ghi chú").model])  # fmt: skip
    text = "\n".join(p.text for p in doc.paragraphs)
    if not name.startswith("**"):  # Markdown emphasis is emphasis; everything else prints as it is
        assert name in text
    assert name in _plain(doc.tables[0].rows[1].cells[1].text) and f"[Chưa có {name}]" in text
    assert "&amp;lt;" not in xml and "<script" not in xml and "<img" not in xml  # escaped once, as XML text


def test_a_placeholder_is_loud_and_marks_every_page_a_draft():
    doc, _, _ = _save([HEADER, Placeholder("nội dung: Khó khăn", "ghi vào tệp ghi chú").model])
    run = doc.paragraphs[-1].runs[0]
    assert run.italic and run.font.highlight_color is not None
    s = doc.sections[0]
    for header in (s.header, s.first_page_header):
        assert header.paragraphs[0].text.endswith("\tDỰ THẢO") and header.paragraphs[0].runs[-1].bold
    assert "PAGE" in s.header._element.xml and "PAGE" not in s.first_page_header._element.xml
    final, _, _ = _save([HEADER, {"kind": "markdown", "text": "Đoạn."}])
    assert all("DỰ THẢO" not in h._element.xml for h in (final.sections[0].header, final.sections[0].first_page_header))


def test_a_draft_names_what_it_lacks_in_a_framed_box_opening_page_one():
    draft = [Placeholder("chỉ tiêu năm 2027", "ghi vào tệp kế hoạch").record, {"what": "họ và tên người ký"}]
    doc, _, _ = _save([HEADER, {"kind": "markdown", "text": "Đoạn."}], draft=draft)
    box = doc.paragraphs[0]  # before the header block, as the PDF's box opens its page 1
    assert doc.element.body.index(box._p) == 0
    assert box.text == "DỰ THẢO Tài liệu còn 2 nội dung chưa có: chỉ tiêu năm 2027; họ và tên người ký."
    assert box.text == f"DỰ THẢO {draft_notice(draft)}"
    assert box.runs[0].bold and box.runs[1].italic and box.alignment == WD_ALIGN_PARAGRAPH.CENTER
    edges = box._p.find(f"{W}pPr/{W}pBdr")
    assert {e.tag[len(W) :] for e in edges if e.get(f"{W}val") == "single"} == {"top", "left", "bottom", "right"}
    s = doc.sections[0]
    assert all(h.paragraphs[0].text.endswith("\tDỰ THẢO") for h in (s.header, s.first_page_header))
    final, _, _ = _save([HEADER, {"kind": "markdown", "text": "Đoạn."}], draft=[])
    assert "nội dung chưa có" not in "\n".join(p.text for p in final.paragraphs)


# --- tables --------------------------------------------------------------------------------------------------

FIGURES = st.one_of(
    st.integers(0, 10**12).map(lambda n: f"{n:,}".replace(",", ".")),
    st.tuples(st.integers(0, 10**9), st.integers(0, 9)).map(lambda t: f"{t[0]:,}".replace(",", ".") + f",{t[1]}"),
    st.dates().map(lambda d: f"{d.day:02d}/{d.month}/{d.year}"),
    st.just("-"),
)


@given(st.lists(st.lists(FIGURES, min_size=6, max_size=6), min_size=1, max_size=8),
       st.text(st.sampled_from("abc ĐđƯư"), min_size=1, max_size=120))  # fmt: skip
def test_no_figure_or_date_breaks_inside_its_cell(values: list[list[str]], label: str):
    head = ["TT", "Chỉ tiêu", "Đơn vị", "Đến 05/5/2026", "Ước đến 30/6/2026", "Cùng kỳ 2025", "So cùng kỳ (%)",
            "Chỉ tiêu năm 2026", "Đạt (%)"]  # fmt: skip
    rows = [
        [{"text": str(i)}, {"text": label}, {"text": "ha"}, *({"text": v} for v in r)] for i, r in enumerate(values)
    ]
    size, widths = fit(head, rows, 3, TEXT_TWIPS / 20)
    assert abs(sum(widths) - TEXT_TWIPS / 20) < 0.5 and size in TABLE_SIZES
    for j in range(3, len(head)):
        longest = max(text_width(r[j]["text"], size) for r in rows)
        if size > TABLE_SIZES[-1]:  # at the smallest size a table of 12-digit figures may be scaled down
            assert widths[j] >= longest + 2 * PAD_PT, (head[j], widths[j], longest)


def test_column_widths_follow_the_content_and_the_label_takes_the_rest():
    head = ["TT", "Chỉ tiêu", "Đơn vị", "Đến 05/5/2026", "Giá trị (triệu đồng)"]
    rows = [[{"text": "1"}, {"text": "Diện tích liên kết của các hộ tham gia chuỗi"}, {"text": "ha"},
             {"text": "8.059,2"}, {"text": "26.350.000.000"}]]  # fmt: skip
    size, widths = fit(head, rows, 3, TEXT_TWIPS / 20)
    assert size == TABLE_SIZES[0]
    assert widths[4] >= text_width("26.350.000.000", size) + 2 * PAD_PT  # a long figure is kept whole
    assert widths[3] >= text_width("05/5/2026", size, True) + 2 * PAD_PT  # and a date in the heading
    assert widths[1] == max(widths) and widths[0] < widths[2] < widths[1]


def test_a_table_too_wide_for_eleven_points_steps_down_before_anything_breaks():
    head = ["TT", "Chỉ tiêu", *(f"Cột {k}" for k in range(8))]
    rows = [[{"text": "1"}, {"text": "Chỉ tiêu"}, *({"text": "1.234.567,8"} for _ in range(8))]]
    size, widths = fit(head, rows, 2, TEXT_TWIPS / 20)
    assert size < TABLE_SIZES[0]
    assert all(w >= text_width("1.234.567,8", size) + 2 * PAD_PT for w in widths[2:])


def test_data_tables_repeat_their_heading_keep_rows_whole_and_right_align_figures():
    model = _table(["TT", "Khu phố", "Diện tích (ha)", "Ngày"],
                   [["1", "Khu phố 1", "1.234,5", "05/5/2026"], ["2", "Khu phố 2", "<i>chưa gửi số liệu</i>"],
                    ["", "<b>Cộng</b>", "<b>1.234,5</b>", "-"]], 2)  # fmt: skip
    doc, xml, _ = _save([model])
    caption = next(p for p in doc.paragraphs if p.text)
    assert caption.text == "Bảng 1.\u00a0Thử" and caption.runs[0].bold and caption.paragraph_format.keep_with_next
    table = doc.tables[0]
    rows = table._tbl.findall(f"{W}tr")
    assert rows[0].find(f"{W}trPr/{W}tblHeader") is not None
    assert all(r.find(f"{W}trPr/{W}tblHeader") is None for r in rows[1:])
    assert all(r.find(f"{W}trPr/{W}cantSplit") is not None for r in rows)
    assert table._tbl.tblPr.find(f"{W}tblLayout").get(f"{W}type") == "fixed"
    first = table.rows[1].cells
    assert first[0].paragraphs[0].alignment == WD_ALIGN_PARAGRAPH.CENTER
    assert first[1].paragraphs[0].alignment == WD_ALIGN_PARAGRAPH.LEFT
    for c in first[2:]:
        assert c.paragraphs[0].alignment == WD_ALIGN_PARAGRAPH.RIGHT
        assert c._tc.find(f"{W}tcPr/{W}noWrap") is not None
    spanning = table.rows[2]._tr.findall(f"{W}tc")[-1]  # "chưa gửi số liệu" across the figures
    assert spanning.find(f"{W}tcPr/{W}gridSpan").get(f"{W}val") == "2" and "chưa gửi số\u00a0liệu" in xml
    total = table.rows[3].cells
    assert total[1].paragraphs[0].runs[0].bold and total[2].paragraphs[0].runs[0].bold
    size = table.rows[1].cells[2].paragraphs[0].runs[0].font.size.pt
    assert 9 <= size <= 11
    assert all(c.paragraphs[0].runs[0].bold for c in table.rows[0].cells)


def test_a_tables_heading_keeps_with_its_first_rows_and_a_short_table_stays_whole():
    """The heading row always keeps with the next row (LibreOffice drops a table's unsplittable rows when its
    heading alone fits at a page foot); a short table is kept whole, a long one by its first and last rows."""
    assert kept_rows(1) == [0] and kept_rows(SHORT_ROWS) == list(range(SHORT_ROWS))
    assert kept_rows(20) == [*range(FIRST_ROWS + 1), 19]
    for count in (1, 3, SHORT_ROWS, SHORT_ROWS + 1, 30):
        model = _table(["TT", "Khu phố", "Diện tích (ha)"], [[str(i), f"Khu phố {i}", "1,5"] for i in range(count)])
        doc, _, _ = _save([model])
        keeps = [i for i, r in enumerate(doc.tables[0].rows)
                 if all(p.paragraph_format.keep_with_next for c in r.cells for p in c.paragraphs)]  # fmt: skip
        assert keeps == kept_rows(count) and 0 in keeps and count not in keeps  # never the last row


def test_figure_detection():
    for text in ("8.059,2", "37,5", "05/5/2026", "-", "1.234.567", "100%"):
        assert is_figure(text), text
    for text in ("chưa có số liệu", "Khu phố 1", "ha", ""):
        assert not is_figure(text), text


# --- charts --------------------------------------------------------------------------------------------------


def test_a_chart_is_drawn_again_at_print_resolution_at_the_text_width():
    chart = {"type": "bar", "categories": ["Bơ", "Sầu riêng"], "series": [["Đến 05/5/2026", [3.0, None]],
             ["Cùng kỳ năm 2025", [1.0, 2.0]]], "unit": "ha", "decimals": 1}  # fmt: skip
    doc, xml, z = _save([{"kind": "figure", "caption": "Biểu đồ 1. Diện tích", "chart": chart}])
    media = [n for n in z.namelist() if n.startswith("word/media/")]
    assert len(media) == 1
    png = z.read(media[0])
    at = png.find(b"pHYs")
    assert int.from_bytes(png[at + 4 : at + 8], "big") * 0.0254 >= 200  # dots per inch
    extent = re.search(r'<wp:extent cx="(\d+)"', xml)
    assert abs(int(extent.group(1)) - TEXT_TWIPS * 635) < 635  # the text width
    caption = [p for p in doc.paragraphs if p.text][-1]
    assert caption.text == "Biểu đồ 1. Diện\u00a0tích" and caption.runs[0].italic  # no word alone on a line


@pytest.mark.parametrize("kind", ["bar", "monthly", "column"])
def test_a_chart_drawn_again_for_word_is_drawn_once_as_png_never_as_svg(kind, monkeypatch):
    from matplotlib.figure import Figure

    from lkdata.report.charts import draw

    chart = {"type": kind, "series": [["Đến 05/5/2026", [3.0, None]], ["Cùng kỳ năm 2025", [1.0, 2.0]]], "unit": "ha"}
    chart |= {"months": [1, 2]} if kind == "monthly" else {"categories": ["Bơ", "Sầu riêng"]}
    formats, save = [], Figure.savefig
    monkeypatch.setattr(Figure, "savefig", lambda fig, *a, **k: formats.append(k.get("format")) or save(fig, *a, **k))
    assert draw(chart).startswith(b"\x89PNG") and formats == ["png"]


def test_chart_series_keep_their_order_in_the_model():
    from lkdata.report.figures import chart_model as _chart

    chart = _chart("bar", "categories", ["a"], {"Đến 05/5/2026": [1], "Cùng kỳ năm 2025": [float("nan")]}, unit="ha")
    assert [name for name, _ in chart["series"]] == ["Đến 05/5/2026", "Cùng kỳ năm 2025"]
    assert chart["series"][1][1] == [None]


# --- Nơi nhận and signature ----------------------------------------------------------------------------------


def test_recipients_and_signature_block():
    doc, xml, _ = _save([FOOTER])
    closing = next(p for p in doc.paragraphs if p.text)
    assert closing.text == "Trên đây là báo cáo ./." and closing.paragraph_format.keep_with_next
    table = doc.tables[0]
    assert all(el.get(f"{W}val") == "nil" for el in table._tbl.tblPr.find(f"{W}tblBorders"))
    assert table._tbl.find(f"{W}tr/{W}trPr/{W}cantSplit") is not None
    left, right = table.rows[0].cells
    head, *items = left.paragraphs
    assert head.text == "Nơi nhận:" and head.runs[0].bold and head.runs[0].italic
    assert head.runs[0].font.size == Pt(12)
    assert [p.text for p in items] == ["- Sở Nông nghiệp và Môi trường tỉnh;", "- Lưu: VT."]
    assert all(p.runs[0].font.size == Pt(11) and not p.paragraph_format.first_line_indent for p in items)
    assert "<w:numPr>" not in xml
    lines = right.paragraphs
    assert [p.text for p in lines if p.text] == ["KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH", "Nguyễn Văn A"]
    assert all(p.alignment == WD_ALIGN_PARAGRAPH.CENTER for p in lines)
    assert all(r.bold for p in lines for r in p.runs if r.text)
    name = lines[-1]
    blank = [p for p in lines[2:-1] if not p.text]
    assert len(blank) >= 4 and name.text == "Nguyễn Văn A"  # room to sign


# --- what a table cell never breaks inside (the PDF and the Word copy alike) ---------------------------------


def test_a_cell_breaks_only_between_its_pieces():
    from lkdata.report.keep import cell_pieces

    assert cell_pieces("chưa giao") == ["chưa giao"]  # a status, a product, a unit of two words: whole
    assert cell_pieces("Rau màu") == ["Rau màu"] and cell_pieces("lượt HTX/THT") == ["lượt HTX/THT"]
    assert cell_pieces("chưa có số liệu") == ["chưa có", "số liệu"]  # two lines at most
    assert cell_pieces("lượt doanh nghiệp") == ["lượt", "doanh nghiệp"]
    assert cell_pieces("Lượt HTX/THT dự tập huấn") == ["Lượt", "HTX/THT", "dự", "tập", "huấn"]
    assert cell_pieces("Khu\u00a0phố\u00a03") == ["Khu\u00a0phố\u00a03"]  # a place name already kept


def test_the_html_keeps_a_cells_pieces_in_spans_and_its_text_as_it_is():
    from lkdata.report.keep import keep_cells

    page = ('<p>chưa giao</p><table class="bang indicators"><tr><th>Đơn vị</th></tr><tr><td class="txt">lượt '
            'HTX/THT</td><td class="num"><a href="#x">chưa có số liệu</a></td><td><i>chưa gửi số liệu</i></td>'
            "</tr></table>")  # fmt: skip
    kept = keep_cells(page)
    assert kept.startswith("<p>chưa giao</p>") and "<th>Đơn vị</th>" in kept  # only the body cells of a table
    assert '<td class="txt"><span class="nobr">lượt HTX/THT</span></td>' in kept
    assert '<a href="#x"><span class="nobr">chưa có</span> <span class="nobr">số liệu</span></a>' in kept
    assert '<i>chưa gửi <span class="nobr">số liệu</span></i>' in kept
    assert re.sub(r"<[^>]+>", "", kept) == re.sub(r"<[^>]+>", "", page)


def test_a_status_a_product_and_a_unit_are_set_whole_in_word():
    model = _table(["TT", "Sản phẩm", "Đơn vị", "Chỉ tiêu năm 2026", "Cùng kỳ 2025"],
                   [["1", "Rau màu", "lượt HTX/THT", "chưa giao", "chưa có số liệu"],
                    ["2", "Sầu riêng", "lượt doanh nghiệp", "12", "3"]], 3)  # fmt: skip
    doc, _, _ = _save([model])
    table = doc.tables[0]
    grid = [int(c.get(f"{W}w")) / 20 for c in table._tbl.findall(f"{W}tblGrid/{W}gridCol")]
    first = [c.text for c in table.rows[1].cells]
    assert first[1:] == ["Rau\u00a0màu", "lượt\u00a0HTX/\u2060THT", "chưa\u00a0giao", "chưa\u00a0có số\u00a0liệu"]
    assert table.rows[2].cells[2].text == "lượt doanh\u00a0nghiệp"
    size = table.rows[1].cells[1].paragraphs[0].runs[0].font.size.pt
    for j, piece in ((1, "Sầu riêng"), (2, "lượt HTX/THT"), (3, "chưa giao"), (4, "chưa có"), (2, "doanh nghiệp")):
        assert grid[j] >= text_width(piece, size) + 2 * PAD_PT, piece  # each piece fits its column whole


def test_the_office_lists_sentence_is_narrative():
    from IPython.core.formatters import DisplayFormatter

    from lkdata.report.office import OFFICE_LIST_MIME, OfficeListNote

    data, _ = DisplayFormatter().format(OfficeListNote("Có 7 hộ có chứng nhận hết hạn.", "x.xlsx", "danh sách"))
    assert data[MODEL_MIME] == {"kind": "markdown", "text": "Có 7 hộ có chứng nhận hết hạn.\n"}
    assert data[OFFICE_LIST_MIME]["path"] == "x.xlsx"


def test_a_documents_number_is_never_broken_in_the_pdf_nor_in_word():
    """``143/2018/NQ-HĐND`` whole on a line: a no-wrap span in the HTML (the PDF), Word's non-breaking hyphen and a
    word joiner after each slash in the Word copy; dates and figures with slashes are left as they are."""
    from lkdata.jobs.docx_text import WORD_JOINER, add_run
    from lkdata.report.keep import keep_numbers

    text = "Nghị quyết số 143/2018/NQ-HĐND ngày 05/5/2026; Công văn số 512/UBND-KT; NĐ 98/2018; Số: /BC-UBND"
    html = keep_numbers(f"<html><head><title>143/2018/NQ-HĐND</title></head><body><p>{text}</p></body></html>")
    assert re.findall(r'<span class="nobr">(.*?)</span>', html) == ["143/2018/NQ-HĐND", "512/UBND-KT"]
    assert "<title>143/2018/NQ-HĐND</title>" in html
    p = Document().add_paragraph()
    run = add_run(p, text, bold=True)
    assert p.text.replace(WORD_JOINER, "") == text and run.bold
    assert len(run._r.findall(qn("w:noBreakHyphen"))) == 2 and p.text.count(WORD_JOINER) == 3


def test_a_slashed_word_is_kept_whole_outside_the_tables_and_nothing_but_text_is_touched():
    """``HTX/THT`` in the narrative and the appendix is wrapped in a no-wrap span; the report tables (their pieces
    are kept by keep_cells), the head, styles, inline SVG, attributes and dates are left as they are."""
    from lkdata.report.keep import keep_terms

    html = (
        "<html><head><title>HTX/THT</title><style>/* a/b */</style></head><body>"
        '<p title="HTX/THT">Có 07 HTX/THT và/hoặc tổ hợp tác; ngày 05/5/2026</p>'
        '<table class="bang"><tr><td>HTX/THT</td></tr></table><svg><text>HTX/THT</text></svg></body></html>'
    )
    out = keep_terms(html)
    assert re.findall(r'<span class="nobr">(.*?)</span>', out) == ["HTX/THT", "và/hoặc"]
    assert out.replace('<span class="nobr">', "").replace("</span>", "") == html  # the text stays as it is
    assert "<td>HTX/THT</td>" in out and "<svg><text>HTX/THT</text></svg>" in out and 'title="HTX/THT"' in out
