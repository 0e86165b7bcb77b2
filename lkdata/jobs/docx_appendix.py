"""The appendix “Giải thích số liệu” of a report in its Word copy, from the same model as the HTML and PDF
(:func:`lkdata.report.explain.appendix`): a section of its own after the signature (a new page, numbered on its
own from 1, its first page unnumbered as the document's: Decree 30/2020/NĐ-CP, "Số trang của Phụ lục được
đánh riêng theo từng Phụ lục"; the same headers and footers), the heading ``PHỤ LỤC`` /
``GIẢI THÍCH SỐ LIỆU`` centred in bold with what it is attached to in italics below, the introduction,
then the conventions and each indicator under its task, as the PDF prints them (the screen's instruction
to click a figure is not in the model's paragraphs: paper has nothing to click). Each indicator's title is
the bookmark its figures in the tables link to (:func:`lkdata.jobs.docx_text.link_to`), as in the PDF.
"""

from __future__ import annotations

from functools import partial

from docx.enum.section import WD_SECTION
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn

from ..report.explain import anchor
from .docx_text import BODY_PT, add_run, bookmark, paragraph

__all__ = ["write_appendix"]

#: The entries' text, as the PDF's ``.gt-text`` (11 pt).
SMALL_PT = 11.0


#: The appendix's paragraphs: not indented, 1 pt apart unless said (the body's: 1 cm, 6 pt); text 13 pt.
_para = partial(paragraph, indent=False, after=1)
_run = partial(add_run, size=BODY_PT)


def write_appendix(doc, b: dict) -> None:
    """The appendix block ``b`` (its model: ``heading``, ``attached``, ``intro``, ``parts``) in a section of its
    own, its pages numbered from 1."""
    parts = b.get("parts") or []
    if not parts:
        return
    _own_section(doc)
    for line in b.get("heading") or []:
        _run(_para(doc, align=WD_ALIGN_PARAGRAPH.CENTER, after=0, keep=True), line, bold=True)
    if b.get("attached"):
        _run(_para(doc, align=WD_ALIGN_PARAGRAPH.CENTER, before=2, after=10, keep=True), b["attached"], italic=True)
    if b.get("intro"):
        _run(_para(doc, indent=True, after=6), b["intro"])
    for n, part in enumerate(parts, 1):
        style, text = part.get("style"), part.get("text", "")
        if style == "task":
            _run(_para(doc, before=10, after=4, keep=True), text, bold=True)
        elif style == "title":
            p = _para(doc, before=5, after=1, keep=True)
            _run(p, text, bold=True, italic=True)
            if part.get("id"):  # where the figure's link in the tables goes
                bookmark(p, anchor(part["id"]), n)
        elif style == "source":
            p = _para(doc, keep=bool(part.get("more")), line=1.0)
            _run(p, "Nguồn: ", size=SMALL_PT, italic=True)
            _run(p, text, size=SMALL_PT)
        elif style == "note":
            p = _para(doc, line=1.0)
            _run(p, "Ghi chú kỳ này: ", size=SMALL_PT, italic=True)
            _run(p, text, size=SMALL_PT)
        else:
            _run(_para(doc, keep=True, line=1.0), text, size=SMALL_PT)


#: What follows ``w:pgNumType`` in a ``w:sectPr`` (the schema's order).
_AFTER_PAGE_NUMBERS = ("w:cols", "w:formProt", "w:vAlign", "w:noEndnote", "w:titlePg", "w:textDirection", "w:bidi",
                       "w:rtlGutter", "w:docGrid", "w:printerSettings", "w:sectPrChange")  # fmt: skip


def _own_section(doc) -> None:
    """A new section on a new page, with the document's page setup, headers and footers (linked to the
    previous section's: the number centred at the top, DỰ THẢO, the sample banner), its pages numbered from 1
    and its first page's header the unnumbered one."""
    section = doc.add_section(WD_SECTION.NEW_PAGE)
    section.different_first_page_header_footer = True
    sect_pr = doc.element.body.sectPr  # the last section's properties: this one's
    for old in sect_pr.findall(qn("w:pgNumType")):
        sect_pr.remove(old)
    numbers = OxmlElement("w:pgNumType")
    numbers.set(qn("w:start"), "1")
    sect_pr.insert_element_before(numbers, *_AFTER_PAGE_NUMBERS)
