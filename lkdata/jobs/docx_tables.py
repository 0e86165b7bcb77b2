"""The tables of the Word copy: column widths from their content, and the table itself (python-docx).

A table's model (:func:`lkdata.report.html.table_html`) names its head, its rows of cells (text, bold,
italic) and how many leading columns hold text; the others hold figures. Widths are measured in the
document's font (Times New Roman's metric twin, read with fontTools): a figure or a date never breaks
inside its value, a heading only between its words, and the label column takes what is left. When even
that does not fit the text width, the table's font steps down (11 pt to 9 pt) before anything breaks.
"""

from __future__ import annotations

import re
from functools import lru_cache

from docx.enum.table import WD_CELL_VERTICAL_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Pt, Twips

from ..report.keep import cell_pieces
from .docx_text import link_to

__all__ = ["TABLE_SIZES", "column_widths", "fit", "is_figure", "kept", "text_width", "write_table"]

#: Font sizes (points) a data table tries, largest first (Decree 30 sets none; the PDF prints 10.5 pt).
TABLE_SIZES = (11.0, 10.5, 10.0, 9.5, 9.0)
#: Cell padding left and right (points) and the border, as in the PDF (2 pt 3 pt, 0.75 pt rules).
PAD_PT = 3.0
BORDER_EIGHTHS = 6
#: The most of a table's width a text column other than the label (the unit) takes before the label.
UNIT_SHARE = 0.15
#: A table with at most this many rows under its heading is kept whole on a page, with its caption; a longer
#: one keeps its caption, its heading and its first :data:`FIRST_ROWS` rows together, and its last two rows.
SHORT_ROWS = 6
FIRST_ROWS = 2
#: A figure: digits with the Vietnamese separators, a sign, a percentage, a date (``05/5/2026``), or ``-``.
_FIGURE = re.compile(r"^[-+]?[\d.,/%]+$|^-$")


@lru_cache(maxsize=4)
def _metrics(bold: bool) -> tuple[dict[int, int], int, int] | None:
    """Advance widths of the document font (Times New Roman or its metric twins), or ``None``."""
    try:
        from fontTools.ttLib import TTFont
        from matplotlib import font_manager

        props = font_manager.FontProperties(family=["Times New Roman", "Tinos", "Liberation Serif"],
                                            weight="bold" if bold else "normal")  # fmt: skip
        path = font_manager.findfont(props, fallback_to_default=False)
        font = TTFont(path, lazy=True)
        cmap, hmtx = font.getBestCmap(), font["hmtx"]
        widths = {code: hmtx[name][0] for code, name in cmap.items()}
        return widths, font["head"].unitsPerEm, hmtx[cmap.get(ord("n"), ".notdef")][0]
    except Exception:  # no such font here: an estimate (below) still keeps figures whole
        return None


def text_width(text: str, size: float, bold: bool = False) -> float:
    """The width of ``text`` set in the document font at ``size`` points, in points."""
    metrics = _metrics(bold)
    if metrics is None:
        return len(text) * size * (0.56 if bold else 0.52)
    widths, upem, default = metrics
    import unicodedata

    units = sum(widths.get(ord(ch), default) for ch in unicodedata.normalize("NFC", text))
    return units * size / upem


def is_figure(text: str) -> bool:
    """A figure or a date (``8.059,2``, ``37,5``, ``05/5/2026``, ``-``): never broken inside."""
    return bool(_FIGURE.match(text.strip()))


def _needs(text: str, size: float, bold: bool, whole: bool, heading: bool = False) -> tuple[float, float]:
    """(the narrowest a cell's text can be set, its width on one line), in points: a figure is one
    piece; a heading breaks between its words (``Đến / 05/5/2026``), a body cell only between its pieces
    (:func:`cell_pieces`: ``chưa giao``, ``Rau màu``, ``HTX/THT`` whole)."""
    lines = text.split("\n")
    full = max((text_width(line, size, bold) for line in lines), default=0.0)
    if whole or is_figure(text):
        return full, full
    pieces = [w for line in lines for w in (line.split() if heading else cell_pieces(line))]
    return max((text_width(w, size, bold) for w in pieces), default=0.0), full


def _measure(head: list[str], rows: list[list[dict]], text_columns: int,
             size: float) -> tuple[list[float], list[float], list[float]]:  # fmt: skip
    """Per column, in points with padding: the narrowest it may be (its longest unbreakable piece: a whole
    figure or date, the longest word), the width it would like (its widest cell on one line, words in a
    column of figures (``chưa có số liệu``) on two, its heading on up to three), and its width with every
    cell and the heading on one line."""
    n = len(head)
    pad = 2 * PAD_PT + 1.0
    need, want, full = [0.0] * n, [0.0] * n, [0.0] * n
    for j, h in enumerate(head):
        lo, wide = _needs(h, size, True, False, heading=True)
        need[j], want[j], full[j] = lo + pad, max(lo, wide / 3) + pad, wide + pad
    for row in rows:
        spans = len(row) < n
        for j, c in enumerate(row):
            if spans and j == len(row) - 1:
                continue  # a cell spanning the rest of the row ("chưa gửi số liệu") sets no column's width
            lo, wide = _needs(c["text"], size, c.get("bold", False), False)
            like = max(lo, wide / 2) if j >= text_columns else wide  # words among figures: two lines will do
            need[j], want[j], full[j] = max(need[j], lo + pad), max(want[j], like + pad), max(full[j], wide + pad)
    return need, want, full


def column_widths(head: list[str], rows: list[list[dict]], text_columns: int, total_pt: float,
                  size: float) -> list[float] | None:  # fmt: skip
    """Column widths (points, summing to ``total_pt``) for a table set at ``size`` points, or ``None`` when
    its figures and words cannot fit whole at that size.

    Each column gets at least its longest unbreakable piece (:func:`_measure`); what is left goes, up to
    what each would like, first to the figures' columns (their headings on up to three lines), then to the
    other text columns (the unit, up to :data:`UNIT_SHARE` of the width), then to the label (the first text
    column after ``TT``) up to its longest cell on two lines; then to the other columns up to every cell and
    heading on one line; the label takes the rest.
    """
    n = len(head)
    need, want, full = _measure(head, rows, text_columns, size)
    if sum(need) > total_pt:
        return None
    label = 1 if n > 1 else 0
    widths = list(need)
    spare = total_pt - sum(widths)
    figures = [j for j in range(max(text_columns, 1), n) if j != label]
    texts = [j for j in range(1, min(text_columns, n)) if j != label]
    unit = [min(want[j], max(need[j], total_pt * UNIT_SHARE)) for j in range(n)]
    two_lines = [max(need[j], full[j] / 2) for j in range(n)]
    others = [j for j in range(n) if j != label]
    for group, goal in ((figures, want), (texts, unit), ([label], two_lines), (others, full)):
        lack = {j: goal[j] - widths[j] for j in group if goal[j] > widths[j]}
        if lack and spare > 0:
            give = min(1.0, spare / sum(lack.values()))
            for j, short in lack.items():
                widths[j] += short * give
            spare = total_pt - sum(widths)
    widths[label] += spare
    return widths


def fit(head: list[str], rows: list[list[dict]], text_columns: int, total_pt: float) -> tuple[float, list[float]]:
    """The largest of :data:`TABLE_SIZES` at which the table fits whole, and its column widths; past the
    smallest, its narrowest widths scaled down to the text width."""
    for size in TABLE_SIZES:
        widths = column_widths(head, rows, text_columns, total_pt, size)
        if widths is not None:
            return size, widths
    need, _, _ = _measure(head, rows, text_columns, TABLE_SIZES[-1])
    return TABLE_SIZES[-1], [w * total_pt / sum(need) for w in need]


# --- WordprocessingML -------------------------------------------------------------------------------


def _el(tag: str, **attrs: str):
    el = OxmlElement(tag)
    for k, v in attrs.items():
        el.set(qn(f"w:{k}"), v)
    return el


def table_properties(table, total_twips: int, *, borders: bool) -> None:
    """Width, fixed layout, borders (or none) and cell padding of a table."""
    tbl_pr = table._tbl.tblPr
    look = tbl_pr.find(qn("w:tblLook"))
    for old in tbl_pr.findall(qn("w:tblW")):
        tbl_pr.remove(old)
    sides = ("top", "left", "bottom", "right", "insideH", "insideV")
    edge = {"val": "single", "sz": str(BORDER_EIGHTHS), "space": "0", "color": "000000"} if borders else {"val": "nil"}
    box = _el("w:tblBorders")
    for side in sides:
        box.append(_el(f"w:{side}", **edge))
    margins = _el("w:tblCellMar")
    for side, value in (("top", 0), ("left", PAD_PT if borders else 0), ("bottom", 0),
                        ("right", PAD_PT if borders else 0)):  # fmt: skip
        margins.append(_el(f"w:{side}", w=str(round(value * 20)), type="dxa"))
    for el in (_el("w:tblW", w=str(total_twips), type="dxa"), box, _el("w:tblLayout", type="fixed"), margins):
        if look is not None:
            look.addprevious(el)
        else:
            tbl_pr.append(el)


def set_widths(table, widths_twips: list[int]) -> None:
    """The grid and every cell's width (Word reads the cells, LibreOffice the grid)."""
    table.autofit = False
    for col, w in zip(table.columns, widths_twips, strict=True):
        col.width = Twips(w)
    for row in table.rows:
        for j, c in enumerate(row.cells):
            c.width = Twips(widths_twips[min(j, len(widths_twips) - 1)])


def row_properties(row, *, header: bool) -> None:
    """A row never splits across pages; a heading row repeats on every page."""
    tr_pr = row._tr.get_or_add_trPr()
    tr_pr.append(_el("w:cantSplit"))
    if header:
        tr_pr.append(_el("w:tblHeader"))


def kept_rows(count: int) -> list[int]:
    """Which of a data table's rows (0 its heading, 1..``count`` the rows under it) keep with the next one.

    All but the last when the table is short (:data:`SHORT_ROWS`), else its heading with its first
    :data:`FIRST_ROWS` rows (the caption keeps with the heading) and its last two rows together. The heading
    always keeps with the first row: LibreOffice (7.4, and Collabora) drops the rows of a table whose rows may
    not split (``w:cantSplit``) when the table starts at the foot of a page with room for its heading row
    but not for the next (CollaboraOnline/online#11629); kept with the next, the heading moves to the next
    page with its rows, as Word moves it."""
    if count <= SHORT_ROWS:
        return list(range(count))
    return sorted(set(range(FIRST_ROWS + 1)) | {count - 1})


def _keep_with_next(row) -> None:
    for cell in row.cells:
        for p in cell.paragraphs:
            p.paragraph_format.keep_with_next = True


#: The paragraph style of a table cell: single-spaced, 1 pt above and below, no indent.
CELL_STYLE = "Ô bảng"


def _cell_style(doc):
    """The document's :data:`CELL_STYLE`, made on first use (one style, not the same spacing on every cell)."""
    from docx.enum.style import WD_STYLE_TYPE

    if CELL_STYLE in [s.name for s in doc.styles]:
        return doc.styles[CELL_STYLE]
    style = doc.styles.add_style(CELL_STYLE, WD_STYLE_TYPE.PARAGRAPH)
    style.base_style = doc.styles["Normal"]
    fmt = style.paragraph_format
    fmt.first_line_indent, fmt.space_before, fmt.space_after, fmt.line_spacing = Pt(0), Pt(1), Pt(1), 1.0
    return style


#: Joins the words of a cell's piece (no-break space) and follows its slash (word joiner: no break after it).
NBSP, WORD_JOINER = "\u00a0", "\u2060"


def kept(line: str) -> str:
    """A body cell's line as the Word copy writes it: each piece (:func:`cell_pieces`) unbreakable."""
    return " ".join(p.replace(" ", NBSP).replace("/", "/" + WORD_JOINER) for p in cell_pieces(line))


def _cell_text(cell, text: str, *, size: float, style, bold: bool = False, italic: bool = False,
               align=WD_ALIGN_PARAGRAPH.LEFT) -> None:  # fmt: skip
    p = cell.paragraphs[0]
    p._p.get_or_add_pPr().style = style.style_id  # by id: python-docx's lookup by name scans every style
    p.alignment = align
    run = None
    for line in text.split("\n"):
        if run is not None:
            run.add_break()
        run = p.add_run(line)
        run.font.size = Pt(size)
        if bold:  # only what differs from the style: every property set costs a search of the run's XML
            run.bold = True
        if italic:
            run.italic = True


def _shade(cell, fill: str) -> None:
    cell._tc.get_or_add_tcPr().append(_el("w:shd", val="clear", color="auto", fill=fill))


def _no_wrap(cell) -> None:
    cell._tc.get_or_add_tcPr().append(_el("w:noWrap"))


def write_table(doc, head: list[str], rows: list[list[dict]], text_columns: int, total_twips: int) -> float:
    """A bordered data table: heading row shaded, bold, centred and repeated on every page; figures
    right-aligned and never wrapped; rows kept whole, and together as :func:`kept_rows` says. Returns the
    font size used."""
    n = len(head)
    size, widths = fit(head, rows, text_columns, total_twips / 20)
    twips = [round(w * 20) for w in widths]
    twips[-1] += total_twips - sum(twips)
    table = doc.add_table(rows=1 + len(rows), cols=n)
    table_properties(table, total_twips, borders=True)
    set_widths(table, twips)
    style = _cell_style(doc)
    for c, h in zip(table.rows[0].cells, head, strict=True):
        _cell_text(c, h, size=size, style=style, bold=True, align=WD_ALIGN_PARAGRAPH.CENTER)
        _shade(c, "F2F2F2")
        c.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.CENTER
    row_properties(table.rows[0], header=True)
    for i, cells in enumerate(rows, 1):
        row = table.rows[i]
        if 0 < len(cells) < n:  # the last cell spans the columns the row lacks
            row.cells[len(cells) - 1].merge(row.cells[n - 1])
        targets = row.cells
        for j, c in enumerate(cells):
            target = targets[j]
            figure = j >= text_columns and is_figure(c["text"])
            if j == 0 and text_columns > 0:
                align = WD_ALIGN_PARAGRAPH.CENTER
            elif j >= text_columns and not (len(cells) < n and j == len(cells) - 1):
                align = WD_ALIGN_PARAGRAPH.RIGHT
            else:
                align = WD_ALIGN_PARAGRAPH.LEFT
            text = c["text"] if figure else "\n".join(kept(line) for line in c["text"].split("\n"))
            _cell_text(target, text, size=size, style=style, bold=c.get("bold", False),
                       italic=c.get("italic", False), align=align)  # fmt: skip
            if c.get("link"):  # a figure: to its explanation in the appendix, as the HTML and the PDF link it
                link_to(target.paragraphs[0], c["link"])
            if figure:
                _no_wrap(target)
            target.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.CENTER
        row_properties(row, header=False)
    for i in kept_rows(len(rows)):
        _keep_with_next(table.rows[i])
    return size
