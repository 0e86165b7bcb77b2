"""One sheet (or CSV file) of the sample as it is held before writing, and where its rows land."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cache

from ..clean.fields import fields as registry_fields
from ..errors import InternalError

__all__ = ["TITLE_ROWS", "XLSX_ROW_BUDGET", "Sheet", "columns", "csv_row", "field_names", "in_order", "xlsx_row"]

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


@cache
def field_names(dataset: str) -> tuple[str, ...]:
    """The sample's columns of a dataset: its input fields in the field registry's order."""
    return tuple(f.name for f in registry_fields(dataset))


def in_order(dataset: str, cells: dict[str, object]) -> list:
    """A row's typed cells in the registry's column order; a field the sample does not fill stays empty.

    Raises
    ------
    InternalError
        When the sample types a field the registry does not declare (it would land in no column).
    """
    names = field_names(dataset)
    if unknown := cells.keys() - set(names):
        raise InternalError(f"sample: fields not in the registry of {dataset}: {', '.join(sorted(unknown))}")
    return [cells.get(n) for n in names]
