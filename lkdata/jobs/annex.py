"""Write an Excel annex ("Phụ lục số liệu"): one sheet per :class:`~lkdata.report.annex.AnnexTable`.

Each sheet: the marks of a draft or sample document first (``DỰ THẢO``, ``DỮ LIỆU MẪU ...``, as the PDF prints
them on every page), then the caption in bold, the column headers two rows below it (bold, wrapped, frozen with
everything above them), the values below, the table's notes under it. Printed on A4, one page wide, landscape
when wide, the rows down to the column headers repeated on every page (the marks and the caption only, when a
block of fields stands between). Numbers are numbers with a thousands separator and the decimals the documents
show (Excel displays them with the reader's own separators: ``1.234,5`` on a Vietnamese Windows), dates
``dd/mm/yyyy``, text always text (never a formula or a link: :class:`~lkdata.io.cells.CellWriter`), an unknown
value an empty cell (with a note saying why, when the table gives one).
The file is written whole or not at all (:func:`~lkdata.io.store.atomic_path`).
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from pathlib import Path

from ..config import Paths
from ..io.cells import CellWriter
from ..io.store import atomic_path
from ..plan.periods import Period
from ..report.annex import FIGURE, AnnexTable

__all__ = ["ANNEX_NAME", "sheet_names", "write_annex", "write_quality_annex"]

#: The report's annex workbook beside it: every table of the report, one sheet each, and the definitions.
ANNEX_NAME = "phu_luc_so_lieu_{slug}.xlsx"

_NOT_IN_SHEET_NAME = re.compile(r"[\[\]:*?/\\]")
HEADER_ROW = 2  #: 0-based row of the column headers below the caption (a blank row between)


def sheet_names(tables: Sequence[AnnexTable]) -> list[str]:
    """A valid, distinct Excel sheet name per table (at most 31 characters, none of ``[]:*?/\\``)."""
    names: list[str] = []
    for t in tables:
        base = _NOT_IN_SHEET_NAME.sub("-", t.sheet or t.caption).strip("' ")[:31] or "Bảng"
        name, n = base, 2
        while name.casefold() in {m.casefold() for m in names}:
            suffix = f" ({n})"
            name, n = base[: 31 - len(suffix)] + suffix, n + 1
        names.append(name)
    return names


def _places(value: float, decimals: int | str) -> int:
    if decimals == FIGURE:  # as many as the figure has (a figure printed with two keeps two)
        tenths = float(value) * 10
        return 0 if float(value).is_integer() else (1 if abs(tenths - round(tenths)) < 1e-9 else 2)
    return int(decimals)


def _width(value: object) -> int:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return 0
    text = f"{value:,.1f}" if isinstance(value, float) else str(value)
    return max((len(line) for line in text.splitlines()), default=0)


#: Wider than this (the sum of its columns' widths, in Excel's character units), a sheet prints landscape:
#: about what an A4 page holds across in portrait at Excel's default margins.
PORTRAIT_WIDTH = 95
_MARK_PROPS = {"bold": True, "font_size": 12, "font_color": "#C00000"}


def _print_setup(ws, widths: list[float], title_rows: int, columns: int | None, last_row: int) -> None:
    """A4, as wide as one page (as many pages down as it takes), landscape when the table is wide, the title
    rows (marks, caption, column headers) repeated on every printed page, page numbers at the foot; only the
    first ``columns`` columns printed when a sheet has columns for a program only."""
    ws.set_paper(9)
    printed = widths[:columns] if columns else widths
    if sum(printed) > PORTRAIT_WIDTH:
        ws.set_landscape()
    else:
        ws.set_portrait()
    ws.fit_to_pages(1, 0)
    ws.repeat_rows(0, title_rows - 1)
    ws.set_footer("&CTrang &P/&N")
    if columns:
        ws.print_area(0, 0, last_row, columns - 1)


def _write_header(ws, cells: CellWriter, table: AnnexTable, at: int) -> list[tuple[int, str]]:
    """The block of rows between the caption and the column headers, from row ``at``; returns the rows whose
    second cell spans several columns, with its text (their height is set once the widths are known)."""
    spans = []
    for i, line in enumerate(table.header):
        row, heading = at + i, table.header_headings and i == 0
        props = {"bold": True, "border": 1, "align": "center"} if heading else {}
        span = table.header_span if len(line) > 1 else 1
        for j, value in enumerate(line):
            if 1 < j <= span:
                continue  # inside the merged cell
            if j == 1 and span > 1:
                wrap = {**props, "text_wrap": True, "valign": "top"} if not heading else props
                ws.merge_range(row, 1, row, span, "", cells.format(**wrap))
                cells.write(ws, row, 1, value, **wrap)
                if value is not None and not heading:
                    spans.append((row, str(value)))
            else:
                cells.write(ws, row, j, value, **props)
    return spans


def write_annex(path: Path, tables: Sequence[AnnexTable], *, title: str | None = None,
                marks: Sequence[str] = ()) -> None:  # fmt: skip
    """Write ``tables`` to the workbook ``path``, one sheet each, in order; ``title`` becomes the workbook's
    title property; ``marks`` (``DỰ THẢO``, the sample-data banner: :func:`~lkdata.report.annex.document_marks`)
    open every sheet, one line each, in bold red above the caption, and print on every page with it."""

    def writer(p: Path) -> None:
        import xlsxwriter

        wb = xlsxwriter.Workbook(str(p), {"strings_to_numbers": False, "strings_to_formulas": False,
                                          "strings_to_urls": False})  # fmt: skip
        if title:
            wb.set_properties({"title": title})
        cells = CellWriter(wb)
        first = len(marks)  # the caption's row
        for table, name in zip(tables, sheet_names(tables), strict=True):
            ws = wb.add_worksheet(name)
            for k, mark in enumerate(marks):
                cells.write_text(ws, k, 0, mark, **_MARK_PROPS)
            cells.write_text(ws, first, 0, table.caption, bold=True, font_size=12)
            spans = _write_header(ws, cells, table, first + HEADER_ROW)
            top = first + HEADER_ROW + (len(table.header) + 1 if table.header else 0)  # the column headers' row
            cells.write_row(ws, top, 0, table.columns, bold=True, text_wrap=True, valign="vcenter",
                            align="center", border=1)  # fmt: skip
            widths = [min(max(len(w) for w in str(c).split()) + 2, 40) for c in table.columns]
            for i, row in enumerate(table.rows):
                for j, (value, decimals) in enumerate(zip(row, table.decimals, strict=True)):
                    props: dict = {"border": 1}
                    if decimals is None:
                        props["text_wrap"] = True
                    elif isinstance(value, (int, float)) and not isinstance(value, bool):
                        places = _places(value, decimals)
                        rule = "#,##0" + ("." + "0" * places if places else "")
                        props["num_format"] = table.cell_formats.get((i, j), rule)
                    cells.write(ws, top + 1 + i, j, value, **props)
                    if (i, j) in table.cell_notes:
                        ws.write_comment(top + 1 + i, j, table.cell_notes[i, j], {"x_scale": 2, "y_scale": 1.2})
                    widths[j] = max(widths[j], min(_width(value) + 2, 60))
            for j, w in enumerate(widths):
                ws.set_column(j, j, w)
            for r, text in spans:  # a merged cell's row is as high as its wrapped text (Excel does not fit it)
                across = sum(widths[1 : 1 + table.header_span])
                ws.set_row(r, 15 * max(1, math.ceil(len(text) * 1.1 / max(across, 1))))
            ws.freeze_panes(top + 1, 0)
            below = top + 2 + len(table.rows)
            for k, note in enumerate(table.notes):
                cells.write_text(ws, below + k, 0, note, italic=True)
            last = max(top + len(table.rows), below + len(table.notes) - 1)
            titled = first + 1 if table.header else top + 1  # a block above the headers: marks and caption only
            _print_setup(ws, widths, titled, table.print_columns, last)
        wb.close()

    with atomic_path(Path(path)) as tmp:
        writer(tmp)


def write_quality_annex(period: Period, paths: Paths, target: Path) -> Path:
    """The quality report's workbook beside it: records per khu phố and month, one sheet per dataset
    (:func:`lkdata.report.reporting.reporting_annex`). Returns ``target``."""
    from ..io.reference import load_reference
    from ..io.store import load
    from ..report.reporting import reporting_annex, reporting_matrix

    ref = load_reference(paths.reference)
    matrix = reporting_matrix(load(processed=paths.processed), period, list(ref.khu_pho["name"]), ref.places)
    write_annex(target, reporting_annex(matrix, period, ref.places), title=f"Số liệu gửi theo tháng ({period.label})")
    return target
