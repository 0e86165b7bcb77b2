"""The Word copy's text as the PDF sets it, and what the file says of itself.

:func:`kept_together`: the names the PDF never breaks across lines (the ward with its kind, its khu phố, the
province: :func:`lkdata.jobs.report_jobs.place_names`) written with no-break spaces in the header's summary
line, the headings and the captions, and the last two words of every heading and caption joined, as
:func:`lkdata.report.html.keep_names` and :func:`lkdata.report.html.no_lone_last_word` do to the HTML. Not in
the justified body paragraphs: Word and LibreOffice set a no-break space at its natural width while they
stretch the others, so a line holding a name would look unevenly spaced. Measured in a LibreOffice 7.4 render
(Times New Roman 13 pt, justified): the no-break spaces of ``phường Long Khánh`` 3.3 pt, the line's other
spaces 3.6-4.5 pt; a space followed by a word joiner (U+2060) or U+FEFF is stretched, but the line still
breaks after it. No method both keeps the name on one line and justifies evenly there.

:func:`set_properties`: the document's title, its author (the issuing body), and Vietnamese (``vi-VN``) as
the language of its text, in the document defaults, the styles and the theme, so that Word checks its
spelling as Vietnamese (python-docx's template says ``python-docx``, no title, ``en-US``).
"""

from __future__ import annotations

import hashlib
import re

from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt

from ..report.html import NBSP, names_pattern
from ..report.keep import DOC_NUMBER

__all__ = ["BODY_PT", "INDENT", "LANGUAGE", "LINE_SPACING", "add_run", "bookmark", "bookmark_name", "kept_together",
           "link_to", "paragraph", "set_properties"]  # fmt: skip

#: The body's size (points) and first-line indent, as the PDF's.
BODY_PT = 13.0
INDENT = Mm(10)
#: Word's "multiple" spacing of 1.15 sets Times New Roman lines about 1.3 em apart, as the PDF's line-height.
LINE_SPACING = 1.15

#: The language of the document's text (BCP 47, as Word writes it).
LANGUAGE = "vi-VN"
#: Joins a slash to what follows it (zero width): no line break there.
WORD_JOINER = "\u2060"
_LAST_SPACE = re.compile(r"(\S) +(\S+\s*)$")
_HEADING = re.compile(r"^(#{1,6} .*\S) +(\S+)[ \t]*$", re.M)


def _join_last(text: str) -> str:
    """The last two words of a heading or caption joined: no word alone on its last line."""
    return _LAST_SPACE.sub(lambda m: f"{m.group(1)}{NBSP}{m.group(2)}", text)


def kept_together(blocks: list[dict], place_names=()) -> list[dict]:
    """``blocks`` with ``place_names`` kept whole on a line in the summary line, headings and captions, and no
    heading or caption ending in a lone word (new dicts; the blocks given are not changed). Table cells are
    kept by :mod:`lkdata.jobs.docx_tables`."""
    pattern = names_pattern(list(place_names))

    def names(text: str) -> str:
        return pattern.sub(lambda m: NBSP.join(m.group(0).split()), text) if pattern and text else text

    out = []
    for b in blocks:
        b = dict(b)
        kind = b.get("kind")
        if kind == "markdown" and isinstance(b.get("text"), str):
            b["text"] = _HEADING.sub(lambda m: f"{names(m.group(1))}{NBSP}{m.group(2)}", b["text"])
        elif kind == "header":
            b["summary"] = names(str(b.get("summary", "")))
        if kind in ("table", "figure") and b.get("caption"):
            b["caption"] = _join_last(names(str(b["caption"])))
        out.append(b)
    return out


def _lang(r_pr) -> None:
    for old in r_pr.findall(qn("w:lang")):
        r_pr.remove(old)
    lang = OxmlElement("w:lang")
    for attr, value in (("val", LANGUAGE), ("eastAsia", LANGUAGE), ("bidi", "ar-SA")):
        lang.set(qn(f"w:{attr}"), value)
    # its place in the run properties' sequence: before what WordprocessingML puts after it
    later = [r_pr.find(qn(f"w:{t}")) for t in ("eastAsianLayout", "specVanish", "oMath")]
    later = [x for x in later if x is not None]
    if later:
        later[0].addprevious(lang)
    else:
        r_pr.append(lang)


def set_properties(doc, blocks: list[dict], title: str = "") -> None:
    """Title (``title``, else ``BÁO CÁO`` and the summary line of the header block), author and last editor
    (the issuing body of the header block), subject (the summary line); Vietnamese text throughout."""
    header = next((b for b in blocks if b.get("kind") == "header"), {})
    summary = " ".join(str(header.get("summary", "")).split())
    body = " ".join(str(x) for x in header.get("issuing_body") or [])
    props = doc.core_properties
    props.title = title or " ".join(x for x in (str(header.get("title", "")), summary) if x)
    props.subject = summary
    props.author = props.last_modified_by = body
    props.comments = ""
    props.language = LANGUAGE
    styles = doc.styles.element
    _lang(styles.find(qn("w:docDefaults")).find(qn("w:rPrDefault")).find(qn("w:rPr")))
    for style in styles.findall(qn("w:style")):
        r_pr = style.find(qn("w:rPr"))
        if r_pr is not None and r_pr.find(qn("w:lang")) is not None:
            _lang(r_pr)
    theme = doc.settings.element.find(qn("w:themeFontLang"))
    if theme is not None:
        theme.set(qn("w:val"), LANGUAGE)


def paragraph(container, *, align=WD_ALIGN_PARAGRAPH.JUSTIFY, indent=True, before: float = 0, after: float = 6,
              keep: bool = False, line: float | None = LINE_SPACING):  # fmt: skip
    """A paragraph of the Word copy: aligned, indented, spaced (points) and kept with the next as asked."""
    p = container.add_paragraph()
    fmt = p.paragraph_format
    p.alignment = align
    fmt.first_line_indent = INDENT if indent else Pt(0)
    fmt.space_before, fmt.space_after = Pt(before), Pt(after)
    if line is not None:
        fmt.line_spacing = line
    if keep:
        fmt.keep_with_next = True
    return p


def add_run(p, text: str, *, size: float | None = None, bold=False, italic=False):
    """``text`` added to ``p``, bold, italic and sized (points) as asked (else the style's), one run; a
    document's number in it (:data:`~lkdata.report.keep.DOC_NUMBER`) never broken across lines: Word's own
    non-breaking hyphen for its hyphens, a word joiner after its slashes (as the PDF keeps it whole)."""
    r = p.add_run()
    at = 0
    for m in DOC_NUMBER.finditer(text):
        _append(r, text[at : m.start()])
        for i, piece in enumerate(m.group(0).replace("/", "/" + WORD_JOINER).split("-")):
            if i:
                r._r.append(OxmlElement("w:noBreakHyphen"))
            _append(r, piece)
        at = m.end()
    _append(r, text[at:])
    r.bold, r.italic = bold or None, italic or None
    if size is not None:
        r.font.size = Pt(size)
    return r


def _append(r, text: str) -> None:
    """``text`` added to run ``r``: a line break for each line ending (``\\n``, ``\\r`` or ``\\r\\n``: one, where
    python-docx's ``add_run`` would write two for ``\\r\\n``), a tab for ``\\t``."""
    for piece in re.split(r"(\r\n|[\r\n\t])", text):
        if piece == "\t":
            r.add_tab()
        elif piece in ("\n", "\r", "\r\n"):
            r.add_break()
        elif piece:
            r.add_text(piece)


def bookmark_name(target: str) -> str:
    """The Word bookmark of an id the HTML links to (``giai-thich-training_courses`` ->
    ``giai_thich_training_courses``): letters, digits and ``_`` only, at most 40 characters (Word's rules; a
    longer one ends in a digest of the id, so that two ids never share a bookmark)."""
    name = re.sub(r"\W", "_", target, flags=re.ASCII)
    if len(name) > 40:
        name = f"{name[:31]}_{hashlib.sha1(target.encode('utf-8')).hexdigest()[:8]}"
    return name if name[:1].isalpha() else f"b{name}"[:40]


def bookmark(p, target: str, number: int) -> None:
    """Paragraph ``p`` as the place an internal link to ``target`` goes (Word's bookmark :func:`bookmark_name`,
    ``number`` unique in the document)."""
    start, end = OxmlElement("w:bookmarkStart"), OxmlElement("w:bookmarkEnd")
    start.set(qn("w:id"), str(number))
    start.set(qn("w:name"), bookmark_name(target))
    end.set(qn("w:id"), str(number))
    p_pr = p._p.pPr
    if p_pr is not None:
        p_pr.addnext(start)
    else:
        p._p.insert(0, start)
    p._p.append(end)


def link_to(p, target: str) -> None:
    """The runs of paragraph ``p`` made an internal link to ``target`` (the bookmark :func:`bookmark` sets), as the
    HTML's figure links to its explanation: Word and LibreOffice follow it with Ctrl+click."""
    link = OxmlElement("w:hyperlink")
    link.set(qn("w:anchor"), bookmark_name(target))
    link.set(qn("w:history"), "1")
    for r in p._p.findall(qn("w:r")):
        link.append(r)  # moved
    p._p.append(link)
