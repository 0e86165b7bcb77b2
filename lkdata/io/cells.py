"""Cells that a spreadsheet opens as what they are: text as text, never a formula or a link.

A raw cell that begins with ``=``, ``+``, ``-`` or ``@`` (or a tab, a line break, a NUL, or their
full-width forms) is a formula to Excel when it opens a CSV file, and to xlsxwriter's ``write()``
when it writes a workbook (``=HYPERLINK(...)`` as a live link, ``-2+3+cmd|...`` as DDE). Every
writer of lkdata's CSV and Excel outputs goes through this module:

- CSV: a text cell starting with a formula character gets a leading ``'`` (OWASP's CSV-injection
  guidance, ASVS 1.2.10); a text cell that is a plain number (``-3``, ``1.234,5``) is left as it is,
  since Excel can make nothing else of it; typed number columns are never touched.
  :func:`unescape_text` takes the ``'`` off again, so lkdata reads back exactly what it wrote.
- Workbooks: :class:`CellWriter` writes text with ``write_string`` (never a formula, never a URL),
  and one starting with a formula character with Excel's own quote prefix (shown as text, and still
  text after the cell is edited); numbers as numbers (a negative number too), dates as dates.
"""

from __future__ import annotations

import datetime as dt
import math
import numbers
import re

__all__ = [
    "FORMULA_START",
    "CellWriter",
    "escape_column",
    "escape_text",
    "starts_formula",
    "unescape_column",
    "unescape_text",
]

#: The first characters a spreadsheet reads as the start of a formula (OWASP, ASVS 1.2.10), with the
#: full-width forms some input methods type and some spreadsheets take as the same.
FORMULA_START = "=+-@\t\r\n\x00＝＋－＠"

_CLASS = r"[=+\-@\t\r\n\x00＝＋－＠]"  # FORMULA_START as a class both Python's re and Arrow's RE2 read
_NEEDS = re.compile(rf"^'*{_CLASS}")
_PLAIN_NUMBER = re.compile(r"^[+-]?\d+(?:[.,]\d+)*$")
_ESCAPED = re.compile(rf"^'+{_CLASS}")


def starts_formula(text: str) -> bool:
    """Whether a spreadsheet would read ``text`` as a formula (after any quotes lkdata added)."""
    return bool(_NEEDS.match(text)) and not _PLAIN_NUMBER.match(text)


def escape_text(text: str) -> str:
    """``text`` as a CSV cell Excel shows as text: ``'`` before a leading formula character.

    A value that already starts with quotes before such a character gets one more, so that
    :func:`unescape_text` gives back exactly ``text``.
    """
    return "'" + text if starts_formula(text) else text


def unescape_text(text: str) -> str:
    """The value :func:`escape_text` was given."""
    return text[1:] if _ESCAPED.match(text) else text


def escape_column(arr):
    """:func:`escape_text` over an Arrow string array (nulls stay null), in Arrow's kernels: the cells
    whose first character can open a formula are found first, and only those are looked at further."""
    import pyarrow as pa
    import pyarrow.compute as pc

    first = pc.utf8_slice_codeunits(arr, 0, 1)
    maybe = pc.fill_null(pc.is_in(first, value_set=pa.array([*FORMULA_START, "'"], type=arr.type)), False)
    if not pc.any(maybe).as_py():
        return arr
    at = pc.indices_nonzero(maybe)
    cells = pc.take(arr, at)
    needs = pc.and_(
        pc.match_substring_regex(cells, f"^'*{_CLASS}"),
        pc.invert(pc.match_substring_regex(cells, _PLAIN_NUMBER.pattern)),
    )
    if not pc.any(needs).as_py():
        return arr
    quoted = pc.if_else(needs, pc.binary_join_element_wise(pa.scalar("'", arr.type), cells, ""), cells)
    return _put(arr, at, quoted)


def _put(arr, at, values):
    """``arr`` with the cells at the indices ``at`` replaced by ``values`` (Arrow kernels only)."""
    import numpy as np
    import pyarrow as pa
    import pyarrow.compute as pc

    positions = np.full(len(arr), -1, dtype=np.int64)
    positions[at.to_numpy()] = np.arange(len(at))
    taken = pc.take(values, pa.array(np.where(positions >= 0, positions, 0)))
    return pc.if_else(pa.array(positions >= 0), taken, arr)


def unescape_column(values):
    """:func:`unescape_text` over a pandas Series of text (missing cells stay missing)."""
    escaped = values.str.match(_ESCAPED.pattern, na=False)
    if not escaped.any():
        return values
    return values.mask(escaped, values[escaped].str.slice(1))


def _missing(value: object) -> bool:
    if value is None:
        return True
    try:
        import pandas as pd

        return bool(pd.isna(value)) if not isinstance(value, (list, tuple, dict)) else False
    except (TypeError, ValueError):
        return False


class CellWriter:
    """Writes values into the worksheets of one xlsxwriter workbook as what they are.

    Text is always a string cell (with the quote prefix when it starts like a formula); a number is
    a number, a date a date (``dd/mm/yyyy``), ``True``/``False`` ``Có``/``Không``, a missing value
    an empty cell. Formats are made once per set of properties.
    """

    def __init__(self, workbook, date_format: str = "dd/mm/yyyy") -> None:
        self.workbook = workbook
        self.date_format = date_format
        self._formats: dict[tuple, object] = {}

    def format(self, **props):
        """The workbook's format with these properties (made once); ``None`` for no property."""
        if not props:
            return None
        key = tuple(sorted(props.items()))
        if key not in self._formats:
            self._formats[key] = self.workbook.add_format(dict(props))
        return self._formats[key]

    def write(self, ws, row: int, col: int, value: object, **props) -> None:
        """Write one cell; ``props`` are its format's properties (bold, wrap ...)."""
        if _missing(value):
            ws.write_blank(row, col, None, self.format(**props))
        elif isinstance(value, bool):
            self.write_text(ws, row, col, "Có" if value else "Không", **props)
        elif isinstance(value, numbers.Real) and math.isfinite(float(value)):
            ws.write_number(row, col, float(value) if not isinstance(value, int) else value, self.format(**props))
        elif isinstance(value, (dt.date, dt.datetime)):  # a pandas Timestamp is a datetime
            day = value if isinstance(value, dt.datetime) else dt.datetime(value.year, value.month, value.day)
            ws.write_datetime(row, col, day.replace(tzinfo=None), self.format(num_format=self.date_format, **props))
        else:  # text, and anything else as its text (an infinite number is never stored as one)
            self.write_text(ws, row, col, str(value), **props)

    def write_text(self, ws, row: int, col: int, text: str, **props) -> None:
        """Write ``text`` as a string cell, never a formula or a link."""
        if starts_formula(text):
            props = {**props, "quote_prefix": True}
        ws.write_string(row, col, text, self.format(**props))

    def write_row(self, ws, row: int, col: int, values, **props) -> None:
        """Write ``values`` from ``(row, col)`` to the right, each as :meth:`write` does."""
        for j, value in enumerate(values):
            self.write(ws, row, col + j, value, **props)

    def write_column(self, ws, row: int, col: int, values, **props) -> None:
        """Write ``values`` from ``(row, col)`` down, each as :meth:`write` does."""
        for i, value in enumerate(values):
            self.write(ws, row + i, col, value, **props)
