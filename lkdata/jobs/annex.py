"""Write an Excel annex ("Phụ lục số liệu"): one sheet per :class:`~lkdata.report.annex.AnnexTable`.

Each sheet: the caption in bold on the first row, the column headers on the third (bold, wrapped,
frozen with everything above them), the values below, the table's notes under it. Numbers are numbers
with a thousands separator and the decimals the documents show (Excel displays them with the
reader's own separators: ``1.234,5`` on a Vietnamese Windows), dates ``dd/mm/yyyy``, text always text
(never a formula or a link: :class:`~lkdata.io.cells.CellWriter`), an unknown value an empty cell.
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
HEADER_ROW = 2  #: 0-based row of the column headers (caption on row 0, a blank row between)


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


def write_annex(path: Path, tables: Sequence[AnnexTable], *, title: str | None = None) -> None:
    """Write ``tables`` to the workbook ``path``, one sheet each, in order; ``title`` becomes the
    workbook's title property."""

    def writer(p: Path) -> None:
        import xlsxwriter

        wb = xlsxwriter.Workbook(str(p), {"strings_to_numbers": False, "strings_to_formulas": False,
                                          "strings_to_urls": False})  # fmt: skip
        if title:
            wb.set_properties({"title": title})
        cells = CellWriter(wb)
        for table, name in zip(tables, sheet_names(tables), strict=True):
            ws = wb.add_worksheet(name)
            cells.write_text(ws, 0, 0, table.caption, bold=True, font_size=12)
            for i, line in enumerate(table.header, HEADER_ROW):  # a key-value block above the table, if any
                cells.write_row(ws, i, 0, line)
            top = HEADER_ROW + (len(table.header) + 1 if table.header else 0)  # the column headers' row
            cells.write_row(ws, top, 0, table.columns, bold=True, text_wrap=True, valign="vcenter",
                            align="center", border=1)  # fmt: skip
            widths = [min(max(len(w) for w in str(c).split()) + 2, 40) for c in table.columns]
            for i, row in enumerate(table.rows, top + 1):
                for j, (value, decimals) in enumerate(zip(row, table.decimals, strict=True)):
                    props: dict = {"border": 1}
                    if decimals is None:
                        props["text_wrap"] = True
                    elif isinstance(value, (int, float)) and not isinstance(value, bool):
                        places = _places(value, decimals)
                        props["num_format"] = "#,##0" + ("." + "0" * places if places else "")
                    cells.write(ws, i, j, value, **props)
                    widths[j] = max(widths[j], min(_width(value) + 2, 60))
            for j, w in enumerate(widths):
                ws.set_column(j, j, w)
            ws.freeze_panes(top + 1, 0)
            below = top + 2 + len(table.rows)
            for k, note in enumerate(table.notes):
                cells.write_text(ws, below + k, 0, note, italic=True)
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
