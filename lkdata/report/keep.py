"""What a table cell never breaks inside, in the PDF and the Word copy alike; and a document's number
(``143/2018/NQ-HĐND``, ``512/UBND-KT``), which no line of any text breaks inside (:data:`DOC_NUMBER`,
:func:`keep_numbers`; the Word copy: :func:`lkdata.jobs.docx_text.add_run`).

A narrow column of a report's table breaks its words wherever a line is full: "chưa / giao", "Rau / màu",
"sản / phẩm", "HTX/ / THT", "lượt / doanh / nghiệp". A cell is read in pieces instead (:func:`cell_pieces`):
a figure, a date or a cell of one or two words (a status, a product, a unit) is one piece; in a longer cell
each of :data:`CELL_TERMS` and a word holding a slash is one piece, the other words are pieces of their own.
A line breaks only between pieces: the HTML wraps each piece of several words in a span that never wraps
(:func:`keep_cells`, ``.nobr`` in ``report.css``); the Word copy measures a column from its widest piece and
writes a piece with no-break spaces and a word joiner after a slash (:mod:`lkdata.jobs.docx_tables`).

In the text outside the tables (the narrative, the appendix), a word holding a slash is kept whole the same way
(:func:`keep_terms`): a printed line never ends in "HTX/". The terms are not: a full line of running text
breaks between the syllables of "doanh nghiệp" as Vietnamese text does; only a narrow column stacks them.
"""

from __future__ import annotations

import re

from .html import NO_PREVIOUS, NO_TARGET

__all__ = ["CELL_TERMS", "DOC_NUMBER", "cell_pieces", "keep_cells", "keep_numbers", "keep_terms"]

#: A document's number as an official writes it: its number, its year when it has one, the kind of document
#: and the issuing body (``143/2018/NQ-HĐND``, ``14/2026/QĐ-UBND``, ``1327/KH-UBND``, ``512/UBND-KT``): a
#: line may break after its hyphen or a slash, which tears the number apart (``143/2018/NQ- / HĐND``).
DOC_NUMBER = re.compile(r"(?<![\w/])\d+(?:/\d{4})?/[A-ZĐ]+(?:-[A-ZĐ]+)*(?![\w-])")
#: What the HTML holds besides the text a reader sees: the head, styles, scripts, inline SVG and every tag; with
#: the report tables first when they are left as they are (:func:`keep_terms`: :func:`keep_cells` keeps their pieces).
_NOT_TEXT = r"<head\b.*?</head>|<(?:style|script|title|svg)\b.*?</(?:style|script|title|svg)>|<[^>]+>"
_TAGS = re.compile(_NOT_TEXT, re.S | re.I)
_TAGS_AND_TABLES = re.compile(r'<table class="bang\b.*?</table>|' + _NOT_TEXT, re.S | re.I)


def _nobr_in_text(html_text: str, pattern: re.Pattern, skipped: re.Pattern) -> str:
    """The HTML with each match of ``pattern`` in the text between the ``skipped`` parts wrapped in
    ``<span class="nobr">`` (``white-space: nowrap`` in ``report.css``): the text stays as it is."""
    out, at = [], 0
    for m in skipped.finditer(html_text):
        out += [pattern.sub(r'<span class="nobr">\g<0></span>', html_text[at : m.start()]), m.group(0)]
        at = m.end()
    return "".join(out) + pattern.sub(r'<span class="nobr">\g<0></span>', html_text[at:])


def keep_numbers(html_text: str) -> str:
    """The HTML with every document number (:data:`DOC_NUMBER`) of its text, tables included, kept whole."""
    return _nobr_in_text(html_text, DOC_NUMBER, _TAGS)


#: The terms a longer cell keeps whole: the halves of the unknown figure's words, and the two-word nouns of
#: the plan's units (``lượt doanh nghiệp`` breaks as ``lượt / doanh nghiệp`` at most).
_HALF = len(NO_PREVIOUS.split()) // 2
CELL_TERMS = (" ".join(NO_PREVIOUS.split()[:_HALF]), " ".join(NO_PREVIOUS.split()[_HALF:]), NO_TARGET,
              "doanh nghiệp", "sản phẩm", "hợp tác xã", "tổ hợp tác")  # fmt: skip
#: A cell of at most this many words is one piece (``chưa giao``, ``Rau màu``, ``lượt hộ``).
WHOLE_WORDS = 2
_TERMS = re.compile("|".join(r"(?<!\w)" + r"\s+".join(map(re.escape, t.split())) + r"(?!\w)"
                             for t in sorted(CELL_TERMS, key=len, reverse=True)), re.IGNORECASE)  # fmt: skip


def cell_pieces(text: str) -> list[str]:
    """The pieces of a table cell's line of text that a line may break between, never inside (see the module)."""
    words = _words(text)
    if len(words) <= WHOLE_WORDS:
        return [" ".join(words)] if words else []
    pieces: list[str] = []
    at = 0
    flat = " ".join(words)
    for m in _TERMS.finditer(flat):
        pieces += _words(flat[at : m.start()])
        pieces.append(m.group(0))
        at = m.end()
    return pieces + _words(flat[at:])


def _words(text: str) -> list[str]:
    """Words between ordinary spaces (a no-break space joins, as in ``Khu phố 3``)."""
    return [w for w in re.split(r"[ \t\r\n]+", text) if w]


_CELL = re.compile(r"(<t[dh]\b[^>]*>)(.*?)(</t[dh]>)", re.S)


def keep_cells(html_text: str) -> str:
    """The HTML with every piece of several words (or holding a slash) of a report table's body cell
    (``<table class="bang ...">``) wrapped in ``<span class="nobr">``: the text stays as it is."""

    def table(m: re.Match) -> str:
        return _CELL.sub(cell, m.group(0))

    def cell(m: re.Match) -> str:
        if m.group(1).startswith("<th"):
            return m.group(0)
        parts = re.split(r"(<[^>]+>)", m.group(2))
        for i in range(0, len(parts), 2):  # the text between tags
            parts[i] = _wrap(parts[i])
        return m.group(1) + "".join(parts) + m.group(3)

    return re.sub(r'<table class="bang\b.*?</table>', table, html_text, flags=re.S)


def _wrap(text: str) -> str:
    if not text.strip(" \n"):
        return text
    lead, trail = text[: len(text) - len(text.lstrip(" \n"))], text[len(text.rstrip(" \n")) :]
    out = [f'<span class="nobr">{p}</span>' if (" " in p or "/" in p) else p for p in cell_pieces(text)]
    return lead + " ".join(out) + trail


#: A word of letters holding a slash (``HTX/THT``, ``và/hoặc``): a line breaks after a slash, never here. A date
#: (``05/5/2026``) never breaks after its slashes anyway.
_SLASHED = r"(?<![\w/])[^\W\d_]+(?:/[^\W\d_]+)+(?![\w/])"
_KEPT = re.compile(_SLASHED)


def keep_terms(html_text: str) -> str:
    """The HTML with each word holding a slash (``HTX/THT``) of the text outside the report tables kept whole, as
    a table cell keeps it."""
    return _nobr_in_text(html_text, _KEPT, _TAGS_AND_TABLES)
