"""How far each sheet of a workbook reaches, read from the file's own structure before any reader loads it.

python-calamine holds a sheet as a dense grid from its first to its last cell with a value: one value in
cell XFD1048576 asks for 17 billion cells (512 GiB). These scanners find, for every sheet, the last row and
column that hold a value, reading the file as a stream (never the whole sheet at once):

- ``.xlsx`` / ``.xlsm``: the cell references of each ``xl/worksheets/*.xml`` part (:class:`XmlSheetScan`);
- ``.xlsb``: the row and cell records of each ``xl/worksheets/*.bin`` part (:class:`BinSheetScan`);
- ``.ods``: rows and cells of ``content.xml``, repeats counted (:class:`OdsScan`);
- ``.xls``: the cell records of the ``Workbook`` stream (:func:`xls_extents`, through olefile).

A scanner counts as a value every cell the reader could take for one (a conservative reading: a cell
written with an empty body counts), so the grid it reports is never smaller than the one the reader builds.
"""

from __future__ import annotations

import html
import re
import struct
from dataclasses import dataclass
from pathlib import Path

__all__ = ["BinSheetScan", "Extent", "OdsScan", "XmlSheetScan", "cell_name", "column_letter", "xls_extents"]


@dataclass
class Extent:
    """The grid a sheet needs: from A1 to its last row and column holding a value (1-based; 0 when empty)."""

    rows: int = 0
    cols: int = 0
    declared: str | None = None  # the ``<dimension ref>`` the file states, when it states one

    @property
    def cells(self) -> int:
        return self.rows * self.cols

    def grow(self, row: int, col: int) -> None:
        self.rows, self.cols = max(self.rows, row), max(self.cols, col)


def column_letter(n: int) -> str:
    """1 -> A, 27 -> AA, 16384 -> XFD."""
    out = ""
    while n > 0:
        n, r = divmod(n - 1, 26)
        out = chr(65 + r) + out
    return out


def cell_name(row: int, col: int) -> str:
    return f"{column_letter(col)}{row}"


def _column_number(letters: bytes) -> int:
    n = 0
    for ch in letters.upper():
        n = n * 26 + ch - 64
    return n


# --- .xlsx: cell references ------------------------------------------------------------------------------

#: The usual cell (Excel, LibreOffice, openpyxl, XlsxWriter): ``<c r="B12" ...>``, the reference first.
_COLS = re.compile(rb'<c r="([A-Z]{1,3})[1-9][0-9]{0,6}"')
_LAST_ROW = re.compile(rb'<c r="[A-Z]{1,3}([1-9][0-9]{0,6})"')
#: Anything else that may be a cell or a row: a cell with no attribute or another space, a prefix (``<x:c``;
#: looked for precisely only where the quick look finds one).
_ODD_CELL = re.compile(rb"<c[^ a-z]")
_MAYBE_PREFIXED = re.compile(rb":c|:row")
_PREFIXED = re.compile(rb"<[\w.-]+:(?:c|row)[\s>/]")
_TOKEN = re.compile(rb"<(?:[\w.-]+:)?(row|c)((?:\s[^>]*?)?)(/?)>")
_R_ATTR = re.compile(rb'\br\s*=\s*["\']\s*([A-Za-z]*)([0-9]*)')
_DIMENSION = re.compile(rb'<(?:[\w.-]+:)?dimension\s[^>]*?\bref="([^"]*)"')


def _greater_than(n: int) -> bytes:
    """A pattern for the decimal numbers above ``n`` (no leading zeros)."""
    digits = str(n)
    k = len(digits)
    alternatives = [f"[1-9][0-9]{{{k},}}"]
    for i, d in enumerate(digits):
        if d != "9":
            alternatives.append(f"{digits[:i]}[{int(d) + 1}-9][0-9]{{{k - i - 1}}}")
    return "|".join(alternatives).encode()


def _whole_tags(tail: bytes, chunk: bytes) -> tuple[bytes, bytes]:
    """A streamed chunk cut before its last ``<``: (what waits for the next chunk, the part made of whole
    tags); a chunk with no ``<`` is dropped (text between tags says nothing about extents)."""
    buf = tail + chunk
    cut = buf.rfind(b"<")
    return (b"", b"") if cut < 0 else (buf[cut:], buf[:cut])


class XmlSheetScan:
    """The extent of one ``xl/worksheets/sheetN.xml`` part, fed in chunks.

    The usual file (every cell written ``<c r="..."`` and nothing unusual) is measured fast, counting
    every cell, those with no value too (a styled empty cell): an upper bound (``exact`` false). A part
    whose bound is too large is measured again with ``exact=True``: cell by cell, values only, as the
    reader keeps them, so a column formatted down to row 1,048,576 with nothing in it is no obstacle.
    """

    def __init__(self, exact: bool = False) -> None:
        self.extent = Extent()
        self.exact = exact
        self._tail = b""
        self._row = 0  # the current row (for cells written without a reference)
        self._col = 0

    def feed(self, chunk: bytes) -> None:
        self._tail, buf = _whole_tags(self._tail, chunk)
        if not buf:
            return
        if self.extent.declared is None and (m := _DIMENSION.search(buf)):
            self.extent.declared = m.group(1).decode("ascii", "replace")
        if self.exact or not self._fast(buf):
            self._tokens(buf)

    def _fast(self, buf: bytes) -> bool:
        """Every cell, by its reference; ``False`` when the chunk is not the usual kind."""
        if _ODD_CELL.search(buf) or (_MAYBE_PREFIXED.search(buf) and _PREFIXED.search(buf)):
            return False
        columns = _COLS.findall(buf)
        if len(columns) != buf.count(b"<c "):  # a cell whose reference is not first, or not a usual one
            return False
        if not columns:
            return True
        last = int(_LAST_ROW.match(buf, buf.rfind(b'<c r="')).group(1))
        if re.search(rb'<c r="[A-Z]{1,3}(?:' + _greater_than(last) + rb')"', buf):  # rows out of order
            last = max(map(int, _LAST_ROW.findall(buf)))
        self.extent.grow(last, max(_column_number(c) for c in set(columns)))
        self._row, self._col = last, 0
        return True

    def _tokens(self, buf: bytes) -> None:
        """Every row and cell in order: references where written, positions counted where not."""
        for name, attrs, closed in _TOKEN.findall(buf):
            m = _R_ATTR.search(attrs)
            if name == b"row":
                self._row = int(m.group(2)) if m and m.group(2) else self._row + 1
                self._col = 0
                continue
            if m and m.group(1) and m.group(2):
                self._row, self._col = int(m.group(2)), _column_number(m.group(1))
            else:
                self._col += 1
            if not closed or not self.exact:
                self.extent.grow(self._row, self._col)

    def finish(self) -> Extent:
        self.feed(b"<")
        return self.extent


# --- .xlsb: BIFF12 records -------------------------------------------------------------------------------

#: Cell records python-calamine reads as values (BrtCellRk ... BrtFmlaError; BrtCellBlank is no value).
_XLSB_CELLS = frozenset(range(0x02, 0x0C))
_XLSB_ROW = 0x00


class BinSheetScan:
    """The extent of one ``xl/worksheets/sheetN.bin`` part (BIFF12 records), fed in chunks."""

    def __init__(self) -> None:
        self.extent = Extent()
        self._buf = b""
        self._skip = 0
        self._row = 0

    def feed(self, chunk: bytes) -> None:
        buf = self._buf + chunk
        pos, n = 0, len(buf)
        if self._skip:
            step = min(self._skip, n)
            pos, self._skip = step, self._skip - step
        while pos < n:
            header = _record_header(buf, pos)
            if header is None:
                break  # the rest of this header in the next chunk
            typ, size, start = header
            if typ == _XLSB_ROW or typ in _XLSB_CELLS:
                if start + 4 > n:
                    break
                value = struct.unpack_from("<I", buf, start)[0]
                if typ == _XLSB_ROW:
                    self._row = value
                elif self._row <= 0x100000:
                    self.extent.grow(self._row + 1, value + 1)
            end = start + size
            if end > n:
                self._skip = end - n
                pos = n
                break
            pos = end
        self._buf = buf[pos:]

    def finish(self) -> Extent:
        return self.extent


def _record_header(buf: bytes, pos: int) -> tuple[int, int, int] | None:
    """A BIFF12 record's type and size (variable-length integers) and where its data starts."""
    n = len(buf)
    if pos >= n:
        return None
    typ = buf[pos] & 0x7F
    pos += 1
    if buf[pos - 1] & 0x80:
        if pos >= n:
            return None
        typ |= (buf[pos] & 0x7F) << 7
        pos += 1
    size, shift = 0, 0
    for _ in range(4):
        if pos >= n:
            return None
        byte = buf[pos]
        pos += 1
        size |= (byte & 0x7F) << shift
        shift += 7
        if not byte & 0x80:
            break
    return typ, size, pos


def xlsb_sheet_parts(workbook_bin: bytes) -> list[tuple[str, str]]:
    """(sheet name, relationship id) of each sheet, from ``xl/workbook.bin``'s BrtBundleSh records."""
    out = []
    pos = 0
    while (header := _record_header(workbook_bin, pos)) is not None:
        typ, size, start = header
        if typ == 0x9C and start + size <= len(workbook_bin):  # BrtBundleSh
            data = workbook_bin[start : start + size]
            try:
                rel, at = _wide_string(data, 8)
                name, _ = _wide_string(data, at)
            except (struct.error, UnicodeDecodeError):
                rel, name = "", ""
            out.append((name, rel))
        pos = start + size
    return out


def _wide_string(data: bytes, at: int) -> tuple[str, int]:
    (length,) = struct.unpack_from("<I", data, at)
    if length == 0xFFFFFFFF:
        return "", at + 4
    end = at + 4 + 2 * length
    if end > len(data):
        raise struct.error("truncated string")
    return data[at + 4 : end].decode("utf-16-le"), end


# --- .ods: rows and cells with repeats --------------------------------------------------------------------

_ODS_TOKEN = re.compile(rb"<(/?)table:(table-row|table-cell|covered-table-cell|table)(?=[\s/>])([^>]*?)(/?)>")
_ODS_NAME = re.compile(rb'table:name="([^"]*)"')
_ODS_ROWS = re.compile(rb'table:number-rows-repeated="\s*([0-9]{1,12})')
_ODS_COLS = re.compile(rb'table:number-columns-repeated="\s*([0-9]{1,12})')


class OdsScan:
    """The extent of each sheet (``table:table``) of an ODS ``content.xml``, fed in chunks."""

    def __init__(self) -> None:
        self.sheets: dict[str, Extent] = {}
        self._tail = b""
        self._name: str | None = None
        self._extent = Extent()
        self._row = 0
        self._repeat = 1
        self._col = 0
        self._last = 0  # the last column of the current row holding a value

    def feed(self, chunk: bytes) -> None:
        self._tail, buf = _whole_tags(self._tail, chunk)
        if not buf:
            return
        for end, name, attrs, closed in _ODS_TOKEN.findall(buf):
            if name == b"table":
                if end:
                    self._close_table()
                elif not closed:
                    m = _ODS_NAME.search(attrs)
                    named = html.unescape(m.group(1).decode("utf-8", "replace")) if m else None
                    self._name = named if named is not None else f"{len(self.sheets) + 1}"
                    self._extent, self._row = Extent(), 0
            elif name == b"table-row":
                if end:
                    if self._last:
                        self._extent.grow(self._row + self._repeat, self._last)
                    self._row += self._repeat
                    continue
                m = _ODS_ROWS.search(attrs)
                self._repeat = max(1, int(m.group(1))) if m else 1
                self._col = self._last = 0
                if closed:  # an empty row (or many)
                    self._row += self._repeat
            else:
                if end:
                    continue
                m = _ODS_COLS.search(attrs)
                repeat = max(1, int(m.group(1))) if m else 1
                self._col += repeat
                if not closed or b"office:value-type" in attrs:
                    self._last = self._col

    def _close_table(self) -> None:
        if self._name is not None:
            self.sheets[self._name] = self._extent
        self._name = None

    def finish(self) -> dict[str, Extent]:
        self.feed(b"<")
        return self.sheets


# --- .xls: BIFF8 records in an OLE2 container --------------------------------------------------------------

#: Cell records python-calamine reads as values: (record type, offset of the row, of the first column).
_XLS_CELLS = frozenset({0x0203, 0x0204, 0x00D6, 0x0205, 0x027E, 0x00FD, 0x0006})
_XLS_MULRK = 0x00BD


def xls_extents(path: Path) -> dict[str, Extent] | None:
    """The extent of each sheet of an Excel 97-2003 workbook; ``None`` when the file is encrypted or is no
    such workbook (the reader then says what it is).

    Raises
    ------
    ValueError
        When the container is damaged or claims a stream larger than the file.
    """
    import olefile

    size = Path(path).stat().st_size
    with olefile.OleFileIO(str(path)) as ole:
        stream = next((s for s in ("Workbook", "Book") if ole.exists(s)), None)
        if stream is None:
            return None
        if ole.get_size(stream) > size:  # sectors used twice: the stream would grow past the file
            raise ValueError(f"stream {stream} larger than the file")
        data = ole.openstream(stream).read()
    sheets, encrypted = _xls_globals(data)
    if encrypted:
        return None
    out: dict[str, Extent] = {}
    for name, offset in sheets:
        out[name] = _xls_sheet(data, offset)
    return out


def _records(data: bytes, pos: int):
    n = len(data)
    while pos + 4 <= n:
        typ, size = struct.unpack_from("<HH", data, pos)
        yield typ, pos + 4, size
        pos += 4 + size


def _xls_globals(data: bytes) -> tuple[list[tuple[str, int]], bool]:
    sheets = []
    for typ, start, size in _records(data, 0):
        if typ == 0x002F:  # FILEPASS: the rest is encrypted
            return sheets, True
        if typ == 0x0085 and size >= 8:  # BOUNDSHEET
            (offset,) = struct.unpack_from("<I", data, start)
            sheets.append((_xls_sheet_name(data[start + 6 : start + size]), offset))
        elif typ == 0x000A:  # EOF of the globals
            break
    return sheets, False


def _xls_sheet_name(raw: bytes) -> str:
    if len(raw) < 2:
        return ""
    count, flags = raw[0], raw[1]
    if flags & 1:
        return raw[2 : 2 + 2 * count].decode("utf-16-le", "replace")
    text = raw[2 : 2 + count] if len(raw) >= 2 + count else raw[1 : 1 + count]
    return text.decode("cp1252", "replace")


def _xls_sheet(data: bytes, offset: int) -> Extent:
    extent = Extent()
    depth = 0
    for typ, start, size in _records(data, offset):
        if typ == 0x0809:  # BOF: a substream (a chart inside the sheet) opens
            depth += 1
        elif typ == 0x000A:
            depth -= 1
            if depth <= 0:
                break
        elif size >= 4 and typ in _XLS_CELLS:
            row, col = struct.unpack_from("<HH", data, start)
            extent.grow(row + 1, col + 1)
        elif typ == _XLS_MULRK and size >= 6:
            row, first = struct.unpack_from("<HH", data, start)
            (last,) = struct.unpack_from("<H", data, start + size - 2)
            extent.grow(row + 1, max(first, last) + 1)
    return extent
