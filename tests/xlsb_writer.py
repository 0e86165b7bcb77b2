"""A minimal Excel binary workbook (``.xlsb``) writer for the tests, written from [MS-XLSB] (no library writes
the format): a workbook part listing the sheets, and per sheet its rows of text and number cells (BIFF12
records: a variable-length type and size, then the record's data)."""

from __future__ import annotations

import struct
import zipfile
from pathlib import Path

_CONTENT_TYPES = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">
<Default Extension="bin" ContentType="application/vnd.ms-excel.sheet.binary.macroEnabled.main"/>
<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>
</Types>"""
_ROOT_RELS = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">
<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument"
 Target="xl/workbook.bin"/></Relationships>"""


def _varint(n: int, limit: int) -> bytes:
    out = bytearray()
    for _ in range(limit):
        byte = n & 0x7F
        n >>= 7
        out.append(byte | (0x80 if n else 0))
        if not n:
            break
    return bytes(out)


def _record(typ: int, data: bytes = b"") -> bytes:
    return _varint(typ, 2) + _varint(len(data), 4) + data


def _wide(text: str) -> bytes:
    return struct.pack("<I", len(text)) + text.encode("utf-16-le")


def _cell(col: int, value) -> bytes:
    head = struct.pack("<II", col, 0)  # column, style 0
    if isinstance(value, str):
        return _record(0x06, head + _wide(value))  # BrtCellSt
    return _record(0x05, head + struct.pack("<d", float(value)))  # BrtCellReal


def _sheet(rows: dict[int, dict[int, object]]) -> bytes:
    last_row = max(rows, default=0)
    last_col = max((c for cells in rows.values() for c in cells), default=0)
    out = [_record(0x81), _record(0x94, struct.pack("<IIII", 0, last_row, 0, last_col)), _record(0x91)]
    for r in sorted(rows):
        out.append(_record(0x00, struct.pack("<IIH", r, 0, 300) + bytes(7)))  # BrtRowHdr
        out += [_cell(c, v) for c, v in sorted(rows[r].items()) if v is not None]
    out += [_record(0x92), _record(0x82)]
    return b"".join(out)


def write_xlsb(
    path: Path, sheets: dict[str, list[list]], far: dict[str, tuple[int, int, object]] | None = None
) -> Path:
    """Write ``sheets`` (name -> rows of cells, ``None`` for an empty cell) as an ``.xlsb``; ``far`` adds to a
    sheet one cell at a 0-based (row, column)."""
    far = far or {}
    book = []
    rels = []
    parts = {}
    for i, (name, rows) in enumerate(sheets.items(), start=1):
        grid = {r: dict(enumerate(row)) for r, row in enumerate(rows)}
        if name in far:
            r, c, v = far[name]
            grid.setdefault(r, {})[c] = v
        book.append(_record(0x9C, struct.pack("<II", 0, i) + _wide(f"rId{i}") + _wide(name)))  # BrtBundleSh
        rels.append(
            f'<Relationship Id="rId{i}" Target="worksheets/sheet{i}.bin" '
            'Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet"/>'
        )
        parts[f"xl/worksheets/sheet{i}.bin"] = _sheet(grid)
    workbook = _record(0x83) + _record(0x8F) + b"".join(book) + _record(0x90) + _record(0x84)
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", _CONTENT_TYPES)
        z.writestr("_rels/.rels", _ROOT_RELS)
        z.writestr("xl/workbook.bin", workbook)
        z.writestr(
            "xl/_rels/workbook.bin.rels",
            '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
            '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            + "".join(rels)
            + "</Relationships>",
        )
        for name, data in parts.items():
            z.writestr(name, data)
    return path
