"""The appendix “Giải thích số liệu” of a report in its Word copy, from the same model as the HTML and PDF
(:func:`lkdata.report.explain.appendix`): on a new page after the signature, the heading ``PHỤ LỤC`` /
``GIẢI THÍCH SỐ LIỆU`` centred in bold with what it is attached to in italics below, the introduction,
then the conventions and each indicator under its task, as the PDF prints them (the screen's instruction
to click a figure is not in the model's paragraphs: paper has nothing to click).
"""

from __future__ import annotations

from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Mm, Pt

__all__ = ["write_appendix"]

BODY_PT = 13.0
#: The entries' text, as the PDF's ``.gt-text`` (11 pt).
SMALL_PT = 11.0


def _para(doc, *, align=WD_ALIGN_PARAGRAPH.JUSTIFY, indent: bool = False, before: float = 0, after: float = 1,
          keep: bool = False, line: float = 1.15):  # fmt: skip
    p = doc.add_paragraph()
    p.alignment = align
    fmt = p.paragraph_format
    fmt.first_line_indent = Mm(10) if indent else Pt(0)
    fmt.space_before, fmt.space_after, fmt.line_spacing = Pt(before), Pt(after), line
    fmt.keep_with_next = keep or None
    return p


def _run(p, text: str, *, size: float = BODY_PT, bold: bool = False, italic: bool = False):
    r = p.add_run(text)
    r.bold, r.italic = bold or None, italic or None
    r.font.size = Pt(size)
    return r


def write_appendix(doc, b: dict) -> None:
    """The appendix block ``b`` (its model: ``heading``, ``attached``, ``intro``, ``parts``) on a new page."""
    parts = b.get("parts") or []
    if not parts:
        return
    for i, line in enumerate(b.get("heading") or []):
        p = _para(doc, align=WD_ALIGN_PARAGRAPH.CENTER, after=0, keep=True)
        p.paragraph_format.page_break_before = not i or None  # after the signature: a page of its own
        _run(p, line, bold=True)
    if b.get("attached"):
        _run(_para(doc, align=WD_ALIGN_PARAGRAPH.CENTER, before=2, after=10, keep=True), b["attached"], italic=True)
    if b.get("intro"):
        _run(_para(doc, indent=True, after=6), b["intro"])
    for part in parts:
        style, text = part.get("style"), part.get("text", "")
        if style == "task":
            _run(_para(doc, before=10, after=4, keep=True), text, bold=True)
        elif style == "title":
            _run(_para(doc, before=5, after=1, keep=True), text, bold=True, italic=True)
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
