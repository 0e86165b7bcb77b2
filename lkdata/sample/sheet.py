"""One sheet (or CSV file) of the sample as it is held before writing, and where its rows land."""

from __future__ import annotations

from dataclasses import dataclass, field

__all__ = ["TITLE_ROWS", "XLSX_ROW_BUDGET", "Sheet", "columns", "csv_row", "xlsx_row"]

#: Rows above a workbook's header: "UBND PHƯỜNG LONG KHÁNH", the list title, the sample notice, a blank row.
TITLE_ROWS = 4
#: A workbook holds at most this many data rows; larger sets arrive as CSV exports.
XLSX_ROW_BUDGET = 5_000


@dataclass
class Sheet:
    """One sheet (or CSV file) to write: title rows, header, rows of cells, and their notes."""

    name: str
    title: str
    headers: list[str]
    rows: list[list] = field(default_factory=list)
    fonts: dict[tuple[int, int], str] = field(default_factory=dict)  # (row index, col) -> font
    skipped: list[int] = field(default_factory=list)  # row indexes of totals/repeated headers
    totals: bool = True


def xlsx_row(i: int) -> int:
    """The row number Excel shows for data row ``i`` (0-based) of a sheet."""
    return TITLE_ROWS + 2 + i


def csv_row(i: int) -> int:
    """The line number of data row ``i`` (0-based) of a CSV file, below its header line."""
    return i + 2


def columns(fields: list[str]) -> dict[str, int]:
    """The column index of each field in a row that starts with ``STT``."""
    return {f: i + 1 for i, f in enumerate(fields)}
