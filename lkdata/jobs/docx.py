"""The Word copy of a report, written with python-docx from the same document model as the HTML.

Every block a report notebook displays (header, narrative, tables, charts, placeholders, ``Nơi nhận``
and signature) shows, beside its HTML, its model under :data:`~lkdata.report.html.MODEL_MIME`; the
executed notebook keeps both. :func:`notebook_blocks` reads the models back, in the document's order
(Markdown cells as narrative, hidden cells left out as in the HTML), and :func:`build_docx` lays them out
in the Decree 30/2020/NĐ-CP layout that the PDF prints (``lkdata/templates/baocao/report.css``): A4,
margins 20/15/20/30 mm, Times New Roman 13 pt, the two-column header block with its rules, page numbers
centred at the top from page 2, numbered headings in bold, body justified with a 1 cm first-line indent,
tables with widths from their content (:mod:`lkdata.jobs.docx_tables`), charts drawn again at print
resolution, ``Nơi nhận`` and the signature block. Narrative Markdown is read by mistune into runs of
text (bold, italic): any HTML in it is text, as the HTML shows it.
"""

from __future__ import annotations

import io
from functools import lru_cache
from pathlib import Path

from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_COLOR_INDEX, WD_TAB_ALIGNMENT
from docx.oxml.ns import qn
from docx.shared import Mm, Pt, RGBColor, Twips

from ..report.decree30 import DRAFT_MARK, blank_date, kept_spaces, unbroken
from ..report.html import MODEL_MIME, draft_notice
from .docx_appendix import write_appendix
from .docx_tables import _el, row_properties, set_widths, table_properties, text_width, write_table
from .docx_text import BODY_PT, INDENT, LINE_SPACING, kept_together, set_properties
from .docx_text import add_run as _run
from .docx_text import paragraph as _para

__all__ = ["FONT", "MARGINS_MM", "build_docx", "notebook_blocks", "write_docx"]

FONT = "Times New Roman"
#: Top, right, bottom, left (mm): the PDF's ``@page`` margins, within Decree 30's ranges.
MARGINS_MM = (20, 15, 20, 30)
TEXT_TWIPS = round((210 - MARGINS_MM[1] - MARGINS_MM[3]) / 25.4 * 1440)
#: Room to sign between the signer's title and name: five empty lines (about 28 mm, as the PDF).
SIGN_LINES = 5


def write_docx(nb, target: Path, *, title: str = "", place_names=(), draft: list[dict] | None = None) -> None:
    """Write ``target`` (.docx) from an executed report notebook: ``title`` its document title (the HTML's),
    ``place_names`` kept whole on a line as in the HTML (:func:`lkdata.jobs.docx_text.kept_together`),
    ``draft`` the placeholders it still holds, named in a box opening page 1 as in the HTML
    (:func:`lkdata.jobs.render.render_html`)."""
    blocks = notebook_blocks(nb)
    build_docx(blocks, title=title, place_names=place_names, draft=draft).save(str(target))


# --- the model, from the executed notebook --------------------------------------------------------------


def notebook_blocks(nb) -> list[dict]:
    """The document's blocks in order: each displayed block's model; Markdown cells as narrative; an
    output lkdata did not make as the picture or the text it shows. Hidden cells (parameters, the
    analyst's notes) and errors or warnings never reach the document, as in the HTML."""
    from .render import HIDDEN_TAGS

    blocks: list[dict] = []
    for cell in nb.cells:
        if HIDDEN_TAGS & set(cell.get("metadata", {}).get("tags", [])):
            continue
        if cell.cell_type == "markdown":
            blocks.append({"kind": "markdown", "text": cell.source})
            continue
        for out in cell.get("outputs", []) if cell.cell_type == "code" else []:
            kind = out.get("output_type")
            if kind == "stream" and out.get("name") == "stdout":
                blocks.append({"kind": "text", "text": out.get("text", "")})
            elif kind in ("display_data", "execute_result"):
                data = out.get("data", {})
                if MODEL_MIME in data:
                    blocks.append(dict(data[MODEL_MIME]))
                elif "text/markdown" in data:
                    blocks.append({"kind": "markdown", "text": data["text/markdown"]})
                elif "image/png" in data:
                    blocks.append({"kind": "picture", "png": data["image/png"]})
                elif "text/plain" in data:
                    blocks.append({"kind": "text", "text": data["text/plain"]})
    return blocks


# --- the document ---------------------------------------------------------------------------------------


def build_docx(blocks: list[dict], *, title: str = "", place_names=(), draft: list[dict] | None = None):
    """A python-docx ``Document`` of ``blocks`` in the Decree 30 layout, titled ``title`` (else from its header
    block), its author the issuing body, its text Vietnamese, ``place_names`` never broken across lines;
    ``draft``: the placeholders it still holds (``{"what": ...}``), named in a framed box at the top of page 1
    (:func:`_draft_box`), as the PDF names them."""
    blocks = kept_together(blocks, place_names)
    doc = Document()
    _styles(doc)
    set_properties(doc, blocks, title)
    banner = next((b.get("banner") for b in blocks if b.get("kind") == "header" and b.get("banner")), "")
    holds = any(b.get("kind") == "placeholder" or b.get("name_placeholder") for b in blocks)
    _page(doc, banner, draft=bool(draft) or holds)
    if draft:
        _draft_box(doc, draft)
    writers = {"header": _header, "markdown": _markdown, "table": _table, "figure": _figure, "footer": _footer,
               "placeholder": _placeholder, "text": _text, "picture": _picture, "appendix": write_appendix}  # fmt: skip
    for block in blocks:  # the appendix (Giải thích số liệu) after the signature, on its own page, as in the PDF
        writer = writers.get(block.get("kind"))
        if writer is not None:
            writer(doc, block)
    return doc


def _fonts(r_pr) -> None:
    fonts = r_pr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = _el("w:rFonts")
        r_pr.insert(0, fonts)
    for attr in ("asciiTheme", "hAnsiTheme", "eastAsiaTheme", "cstheme"):
        fonts.attrib.pop(qn(f"w:{attr}"), None)
    for attr in ("ascii", "hAnsi", "eastAsia", "cs"):
        fonts.set(qn(f"w:{attr}"), FONT)


def _styles(doc) -> None:
    """Times New Roman 13 pt, black, Vietnamese, in every style the document uses (the default
    template's headings name theme fonts in blue: replaced)."""
    defaults = doc.styles.element.find(qn("w:docDefaults"))
    r_pr = defaults.find(qn("w:rPrDefault")).find(qn("w:rPr"))
    _fonts(r_pr)
    normal = doc.styles["Normal"]
    normal.font.name, normal.font.size = FONT, Pt(BODY_PT)
    _fonts(normal.element.get_or_add_rPr())
    fmt = normal.paragraph_format
    fmt.space_before, fmt.space_after, fmt.line_spacing, fmt.widow_control = Pt(0), Pt(6), LINE_SPACING, True
    for level in (1, 2, 3, 4):
        style = doc.styles[f"Heading {level}"]
        style.font.name, style.font.size, style.font.bold = FONT, Pt(BODY_PT), True
        style.font.italic = level >= 4
        style.font.color.rgb = RGBColor(0, 0, 0)
        _fonts(style.element.get_or_add_rPr())


def _page(doc, banner: str, *, draft: bool = False) -> None:
    """A4, the PDF's margins; the page number centred at the top from page 2; the sample's banner at the
    foot of every page, as the PDF prints it; ``DỰ THẢO`` at the top right of every page of a document that
    still holds a placeholder (:data:`~lkdata.report.decree30.DRAFT_MARK`)."""
    s = doc.sections[0]
    s.page_width, s.page_height = Mm(210), Mm(297)
    s.top_margin, s.right_margin, s.bottom_margin, s.left_margin = (Mm(x) for x in MARGINS_MM)
    s.header_distance, s.footer_distance = Mm(10), Mm(8)
    s.different_first_page_header_footer = True
    for header, number in ((s.header, True), (s.first_page_header, False)):
        p = header.paragraphs[0]
        p.text = ""
        if not draft:
            if number:
                p.alignment = WD_ALIGN_PARAGRAPH.CENTER
                _field(p, "PAGE", BODY_PT)
            continue
        tabs = p.paragraph_format.tab_stops  # the number centred, the mark at the right margin, on one line
        for stop in p.style.paragraph_format.tab_stops:  # the template's own stops (US Letter) cleared
            tabs.add_tab_stop(stop.position, WD_TAB_ALIGNMENT.CLEAR)
        tabs.add_tab_stop(Twips(TEXT_TWIPS // 2), WD_TAB_ALIGNMENT.CENTER)
        tabs.add_tab_stop(Twips(TEXT_TWIPS), WD_TAB_ALIGNMENT.RIGHT)
        p.add_run("\t")
        if number:
            _field(p, "PAGE", BODY_PT)
        p.add_run("\t")
        _run(p, DRAFT_MARK, size=BODY_PT, bold=True)
    for footer in (s.footer, s.first_page_footer):
        p = footer.paragraphs[0]
        if banner:
            p.alignment = WD_ALIGN_PARAGRAPH.CENTER
            _box(p)
            run = p.add_run(banner)
            run.bold, run.font.size = True, Pt(10)
        else:
            p.text = ""


def _field(p, code: str, size: float) -> None:
    """A field (``PAGE``) in ``p``: Word and LibreOffice fill in its value."""

    def run(*children):
        r = p.add_run()
        r.font.size = Pt(size)
        for child in children:
            r._r.append(child)

    instr = _el("w:instrText")
    instr.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
    instr.text = f" {code} "
    text = _el("w:t")
    text.text = "2"
    run(_el("w:fldChar", fldCharType="begin"))
    run(instr)
    run(_el("w:fldChar", fldCharType="separate"))
    run(text)
    run(_el("w:fldChar", fldCharType="end"))


def _borders(p, sides: tuple[str, ...], size: int = 6) -> None:
    p_pr = p._p.get_or_add_pPr()
    box = _el("w:pBdr")
    for side in sides:
        box.append(_el(f"w:{side}", val="single", sz=str(size), space="1", color="000000"))
    p_pr.insert_element_before(box, "w:shd", "w:tabs", "w:suppressAutoHyphens", "w:kinsoku", "w:wordWrap",
                               "w:overflowPunct", "w:topLinePunct", "w:autoSpaceDE", "w:autoSpaceDN", "w:bidi",
                               "w:adjustRightInd", "w:snapToGrid", "w:spacing", "w:ind", "w:contextualSpacing",
                               "w:mirrorIndents", "w:suppressOverlap", "w:jc")  # fmt: skip


def _box(p) -> None:
    _borders(p, ("top", "left", "bottom", "right"), 12)


def _draft_box(doc, placeholders: list[dict]) -> None:
    """The box opening a draft's page 1, as the PDF's: ``DỰ THẢO`` bold, then what the document still lacks
    (:func:`lkdata.report.html.draft_notice`) in italics, 11 pt, centred, framed by a 1.5 pt rule."""
    p = _para(doc, align=WD_ALIGN_PARAGRAPH.CENTER, indent=False, after=8, line=1.0)
    _box(p)
    _run(p, DRAFT_MARK, size=11, bold=True)
    _run(p, " " + draft_notice(placeholders), size=11, italic=True)


def _rule(container, width_twips: int, avail_twips: int, *, after: float = 0) -> None:
    """A short centred rule (``width_twips`` long) under the line above: an empty paragraph's top border."""
    p = _para(container, align=WD_ALIGN_PARAGRAPH.CENTER, indent=False, after=after, line=None)
    _borders(p, ("top",))
    side = Twips(max(0, (avail_twips - width_twips) // 2))
    p.paragraph_format.left_indent = p.paragraph_format.right_indent = side
    p.paragraph_format.line_spacing = Pt(2)
    p.paragraph_format.space_before = Pt(3)


def _header(doc, b: dict) -> None:
    """The Decree 30 header: issuing body (bold capitals) left, national title and motto right, each
    centred over its short rule; the number and the italic place and date for the office to fill in;
    ``BÁO CÁO`` and the summary line, centred, bold, over a short rule."""
    left, right = round(TEXT_TWIPS * 0.4), TEXT_TWIPS - round(TEXT_TWIPS * 0.4)
    table = doc.add_table(rows=2, cols=2)
    table_properties(table, TEXT_TWIPS, borders=False)
    set_widths(table, [left, right])
    issuer, motto = table.rows[0].cells
    for i, line in enumerate(b.get("issuing_body") or []):
        p = issuer.paragraphs[0] if i == 0 else _para(issuer, indent=False, after=0)
        _centre(p)
        _run(p, str(line).upper(), size=13, bold=True)
    _rule(issuer, round(left * 0.32), left)
    p = motto.paragraphs[0]
    _centre(p)
    _run(p, b.get("national_title", ""), size=12.5, bold=True)
    p = _para(motto, align=WD_ALIGN_PARAGRAPH.CENTER, indent=False, after=0)
    _run(p, b.get("motto", ""), size=13.5, bold=True)
    _rule(motto, round(text_width(b.get("motto", ""), 13.5, True) * 20), right)
    number, place = table.rows[1].cells
    p = number.paragraphs[0]
    _centre(p, before=6)
    _run(p, kept_spaces(b.get("number", "")), size=13)  # the room to fill in left blank, as in the PDF
    p = place.paragraphs[0]
    _centre(p, before=6)
    date = b.get("date") or blank_date(b.get("year", ""))
    _run(p, f"{b.get('place', '')}, {date}", size=13.5, italic=True)
    for row in table.rows:
        row_properties(row, header=False)
    p = _para(doc, align=WD_ALIGN_PARAGRAPH.CENTER, indent=False, before=14, after=0, keep=True)
    _run(p, b.get("title", "BÁO CÁO"), size=14, bold=True)
    summary = unbroken(b.get("summary", ""), b.get("keep", ""))  # the ward's name and "6 tháng" kept together
    p = _para(doc, align=WD_ALIGN_PARAGRAPH.CENTER, indent=False, after=0, keep=True)
    p.paragraph_format.left_indent = p.paragraph_format.right_indent = Twips(round(TEXT_TWIPS * 0.08))
    _run(p, summary, size=14, bold=True)
    _rule(doc, round(TEXT_TWIPS * 0.25), TEXT_TWIPS, after=12)


def _centre(p, before: float = 0) -> None:
    p.alignment = WD_ALIGN_PARAGRAPH.CENTER
    fmt = p.paragraph_format
    fmt.first_line_indent, fmt.space_before, fmt.space_after, fmt.line_spacing = Pt(0), Pt(before), Pt(0), 1.0


# --- narrative --------------------------------------------------------------------------------------------


@lru_cache(maxsize=1)
def _parser():
    import mistune

    return mistune.create_markdown(renderer=None, plugins=["table", "strikethrough"])


def _markdown(doc, b: dict) -> None:
    for token in _parser()(b.get("text", "")):
        _token(doc, token)


def _token(doc, t: dict, depth: int = 0) -> None:
    kind = t["type"]
    if kind == "heading":
        _heading(doc, t["children"], t["attrs"]["level"])
    elif kind in ("paragraph", "block_text"):
        _inline(_para(doc), t["children"])
    elif kind == "list":
        ordered, start = t["attrs"].get("ordered"), t["attrs"].get("start", 1) or 1
        for i, item in enumerate(t["children"]):
            first = True
            for child in item["children"]:
                if child["type"] in ("paragraph", "block_text"):
                    p = _para(doc, after=3)
                    if depth:
                        p.paragraph_format.left_indent = Mm(10 * depth)
                    _run(p, (f"{start + i}. " if ordered else "- ") if first else "")
                    _inline(p, child["children"])
                    first = False
                else:
                    _token(doc, child, depth + 1)
    elif kind == "block_quote":
        for child in t["children"]:
            _token(doc, child, depth)
    elif kind in ("block_code", "block_html"):  # shown as the text it is, as the HTML does
        for line in t.get("raw", "").rstrip("\n").split("\n"):
            _run(_para(doc, indent=False, after=0), line)
    elif kind == "table":
        head = [_plain(c["children"]) for c in t["children"][0]["children"]]
        rows = [[{"text": _plain(c["children"])} for c in r["children"]] for r in t["children"][1]["children"]]
        _table(doc, {"caption": "", "head": head, "rows": rows, "text_columns": len(head)})


def _plain(children: list[dict]) -> str:
    out = []
    for c in children:
        if "raw" in c:
            out.append(c["raw"])
        elif c["type"] == "softbreak":
            out.append(" ")
        out.append(_plain(c.get("children", [])))
    return "".join(out)


def _inline(p, children: list[dict], bold: bool = False, italic: bool = False, size: float | None = None) -> None:
    """Runs of text with their emphasis; links keep their words, images their description; HTML is text."""
    for c in children:
        kind = c["type"]
        if kind in ("text", "codespan", "inline_html"):
            _run(p, c["raw"], bold=bold, italic=italic, size=size)
        elif kind == "strong":
            _inline(p, c["children"], True, italic, size)
        elif kind == "emphasis":
            _inline(p, c["children"], bold, True, size)
        elif kind == "softbreak":
            _run(p, " ", size=size)
        elif kind == "linebreak":
            p.add_run().add_break()
        else:  # link, image, strikethrough: the words
            _inline(p, c.get("children", []), bold, italic, size)


def _heading(doc, children: list[dict], level: int) -> None:
    """``## I. ...`` bold at the margin; ``### 1. ...`` bold, indented; deeper levels bold italic, indented."""
    p = doc.add_paragraph(style=f"Heading {min(max(level - 1, 1), 4)}")
    fmt = p.paragraph_format
    p.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
    fmt.first_line_indent = INDENT if level >= 3 else Pt(0)
    fmt.space_before, fmt.space_after, fmt.line_spacing = Pt(10), Pt(6), LINE_SPACING
    fmt.keep_with_next = True
    _inline(p, children, True, level >= 4)


def _placeholder(doc, b: dict) -> None:
    """What the office still has to write: italic, highlighted in the Word copy it edits."""
    r = _run(_para(doc), b.get("text", ""), italic=True)
    r.font.highlight_color = WD_COLOR_INDEX.YELLOW


def _text(doc, b: dict) -> None:
    indent = bool(b.get("italic"))
    for line in str(b.get("text", "")).rstrip("\n").split("\n"):
        _run(_para(doc, indent=indent), line, italic=bool(b.get("italic")))


# --- tables and charts ------------------------------------------------------------------------------------


def _table(doc, b: dict) -> None:
    if b.get("caption"):
        p = _para(doc, align=WD_ALIGN_PARAGRAPH.CENTER, indent=False, before=8, after=3, keep=True)
        _run(p, b["caption"], size=12, bold=True)
    write_table(doc, b["head"], b["rows"], int(b.get("text_columns", 1)), TEXT_TWIPS)
    for note in b.get("notes", []):  # under the table, as the HTML prints them (rounding, recomputed figures)
        _run(_para(doc, indent=False, before=2, after=2, line=1.0), str(note), size=11, italic=True)
    _para(doc, indent=False, after=4, line=1.0)  # the table's bottom margin (and no table runs into the next)


def _png_width_in(png: bytes) -> float:
    """The width of a PNG at its own resolution (inches), from its header (pHYs; 96 dpi if it has none)."""
    width_px = int.from_bytes(png[16:20], "big")
    at = png.find(b"pHYs")
    dpm = int.from_bytes(png[at + 4 : at + 8], "big") if at > 0 else 0
    return width_px / (dpm * 0.0254 if dpm else 96)


def _image(doc, png: bytes, *, full_width: bool = False) -> None:
    """A picture, centred, at the text width (``full_width``) or at its own size but never wider."""
    p = _para(doc, align=WD_ALIGN_PARAGRAPH.CENTER, indent=False, before=6, after=2, keep=True, line=1.0)
    text = TEXT_TWIPS * 635  # EMU
    width = text if full_width else min(_png_width_in(png) * 914400, text)
    p.add_run().add_picture(io.BytesIO(png), width=int(width))


def _figure(doc, b: dict) -> None:
    """A chart drawn again from its data at print resolution, scaled to the text width, its caption below."""
    from ..report.charts import draw

    if b.get("chart"):
        _image(doc, draw(b["chart"]), full_width=True)
    p = _para(doc, align=WD_ALIGN_PARAGRAPH.CENTER, indent=False, after=10)
    _run(p, b.get("caption", ""), size=12, italic=True)


def _picture(doc, b: dict) -> None:
    import base64

    _image(doc, base64.b64decode(b["png"]))


# --- Nơi nhận and the signature ---------------------------------------------------------------------------


def _footer(doc, b: dict) -> None:
    """The closing paragraphs, then ``Nơi nhận`` (12 pt bold italic, its list 11 pt, each line ``- ...``)
    left and the signature block right (capacity bold capitals, room to sign, the signer's name bold),
    kept on one page together."""
    for text in b.get("paragraphs", []):
        _run(_para(doc, keep=True), text)
    half = TEXT_TWIPS // 2
    table = doc.add_table(rows=1, cols=2)
    table_properties(table, TEXT_TWIPS, borders=False)
    set_widths(table, [half, TEXT_TWIPS - half])
    row_properties(table.rows[0], header=False)
    left, right = table.rows[0].cells
    p = left.paragraphs[0]
    _flat(p, before=12)
    _run(p, "Nơi nhận:", size=12, bold=True, italic=True)
    for r in b.get("recipients", []):
        _run(_flat(left.add_paragraph()), f"- {r}", size=11)
    signer = b.get("signer", {})
    first = True
    for line in (signer.get("authority", ""), signer.get("title", "")):
        if not line:
            continue
        p = right.paragraphs[0] if first else right.add_paragraph()
        _centre(p, before=12 if first else 0)
        _run(p, line.upper(), size=13.5, bold=True)
        first = False
    for _ in range(SIGN_LINES):
        _centre(right.add_paragraph())
    p = right.add_paragraph()
    _centre(p)
    if signer.get("name") or not b.get("name_placeholder"):
        _run(p, signer.get("name", ""), size=13.5, bold=True)
    else:  # no signer's name in the profile: a placeholder, highlighted as the others
        _run(p, b["name_placeholder"], size=13.5, italic=True).font.highlight_color = WD_COLOR_INDEX.YELLOW


def _flat(p, before: float = 0):
    p.alignment = WD_ALIGN_PARAGRAPH.LEFT
    fmt = p.paragraph_format
    fmt.first_line_indent, fmt.space_before, fmt.space_after, fmt.line_spacing = Pt(0), Pt(before), Pt(0), 1.0
    return p
