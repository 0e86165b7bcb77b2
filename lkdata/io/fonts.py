"""Which workbook cells are formatted in a legacy Vietnamese font (``.VnTime``: TCVN3, ``VNI-Times``: VNI),
read from the workbook's own style XML in one pass."""

from __future__ import annotations

import html
import re
import zipfile
from array import array
from collections.abc import Iterator, Mapping
from pathlib import Path

import numpy as np

__all__ = ["CellFonts", "font_hints"]

#: Font name prefixes (folded to lower case) and the legacy encoding they imply.
_LEGACY_FONTS = {".vn": "tcvn3", "vni": "vni"}

_FONT_RE = re.compile(r"<font\b.*?</font>|<font\b[^>]*/>", re.S)
_FONT_NAME_RE = re.compile(r'<name\s+val="([^"]*)"')
_XF_RE = re.compile(r"<xf\b([^>]*)/?>")
_ATTR_RE = re.compile(r'(\w+)="([^"]*)"')


def _legacy_encoding(font: str) -> str | None:
    name = font.lower()
    return next((enc for prefix, enc in _LEGACY_FONTS.items() if name.startswith(prefix)), None)


def _column_number(letters: str) -> int:
    n = 0
    for ch in letters:
        n = n * 26 + ord(ch) - 64
    return n


#: A key per cell: row * _COLUMNS + column (a column past Excel's 16,384 is no cell a reader keeps).
_COLUMNS = 1 << 20
_CHUNK = 1 << 20


class CellFonts(Mapping):
    """``(row, column) -> encoding`` of one sheet's text cells in a legacy font, held compactly (a sorted
    array of cell keys and one code each), so a sheet of millions of such cells stays small."""

    def __init__(self, keys: array, codes: array, encodings: tuple[str, ...]) -> None:
        order = np.argsort(np.frombuffer(keys, dtype=np.int64), kind="stable")
        self._keys = np.frombuffer(keys, dtype=np.int64)[order]
        self._codes = np.frombuffer(codes, dtype=np.uint8)[order]
        self._encodings = encodings

    def __getitem__(self, cell: tuple[int, int]) -> str:
        row, col = cell
        key = row * _COLUMNS + col
        i = int(np.searchsorted(self._keys, key))
        if i < len(self._keys) and self._keys[i] == key:
            return self._encodings[self._codes[i]]
        raise KeyError(cell)

    def __iter__(self) -> Iterator[tuple[int, int]]:
        return ((int(k) // _COLUMNS, int(k) % _COLUMNS) for k in self._keys)

    def __len__(self) -> int:
        return len(self._keys)

    def column(self, col: int, rows) -> list[str | None]:
        """The encoding of each of ``rows`` (1-based) in column ``col`` (1-based), ``None`` where none."""
        keys = np.asarray(rows, dtype=np.int64) * _COLUMNS + col
        at = np.minimum(np.searchsorted(self._keys, keys), max(len(self._keys) - 1, 0))
        if not len(self._keys):
            return [None] * len(keys)
        found = self._keys[at] == keys
        codes = self._codes[at].tolist()
        return [self._encodings[c] if f else None for c, f in zip(codes, found.tolist(), strict=True)]


def _styles(z: zipfile.ZipFile) -> dict[str, str]:
    """Cell style index -> legacy encoding, for the styles whose font is a legacy one."""
    if "xl/styles.xml" not in z.namelist():
        return {}
    styles = z.read("xl/styles.xml").decode("utf-8", "ignore")
    fonts_xml = styles.split("<fonts", 1)[1].split("</fonts>", 1)[0] if "<fonts" in styles else ""
    fonts = [(_FONT_NAME_RE.search(f) or [None, ""])[1] for f in _FONT_RE.findall(fonts_xml)]
    xfs_xml = styles.split("<cellXfs", 1)[1].split("</cellXfs>", 1)[0] if "<cellXfs" in styles else ""
    legacy_xf: dict[str, str] = {}
    for i, attrs in enumerate(_XF_RE.findall(xfs_xml)):
        font_id = dict(_ATTR_RE.findall(attrs)).get("fontId", "0")
        enc = _legacy_encoding(fonts[int(font_id)]) if font_id.isdigit() and int(font_id) < len(fonts) else None
        if enc:
            legacy_xf[str(i)] = enc
    return legacy_xf


def _sheet_fonts(z: zipfile.ZipFile, name: str, legacy_xf: dict[str, str]) -> CellFonts:
    """The text cells of one sheet part whose style is a legacy font, read as a stream."""
    encodings = tuple(sorted(set(legacy_xf.values())))
    code = {s.encode(): encodings.index(enc) for s, enc in legacy_xf.items()}
    styles = b"|".join(re.escape(s) for s in sorted(code, key=len, reverse=True))
    text = rb'(?=[^>]*?\bt="(?:s|inlineStr|str)")'  # text cells only: a number has no legacy letters
    cell_re = re.compile(rb'<c\b(?=[^>]*?\bs="(' + styles + rb')")' + text + rb'[^>]*?\br="([A-Z]{1,3})([0-9]{1,7})"')
    keys, codes = array("q"), array("B")
    tail = b""
    with z.open(name) as f:
        while True:
            chunk = f.read(_CHUNK)
            buf = tail + chunk
            cut = buf.rfind(b"<") if chunk else len(buf)
            tail, buf = (buf[cut:], buf[:cut]) if cut >= 0 else (b"", buf)
            for style, letters, row in cell_re.findall(buf):
                keys.append(int(row) * _COLUMNS + _column_number(letters.decode()))
                codes.append(code[style])
            if not chunk:
                break
    return CellFonts(keys, codes, encodings)


def font_hints(path: Path) -> dict[str, CellFonts]:
    """Per sheet, ``(row, column) -> legacy encoding`` of the text cells formatted in .VnTime or VNI fonts.

    Reads the workbook's XML directly (styles, then each sheet's cell style indexes) as a stream, one pass
    per sheet: many times faster than loading cell styles through a workbook object, and in memory a few
    bytes per such cell. Call it on a workbook :func:`.guard.inspect_workbook` has measured.
    """
    if path.suffix.lower() not in (".xlsx", ".xlsm"):
        return {}
    try:
        z = zipfile.ZipFile(path)
    except (zipfile.BadZipFile, OSError, ValueError, EOFError):
        return {}  # the reader says what the file is
    with z:
        legacy_xf = _styles(z)
        if not legacy_xf:
            return {}
        names = set(z.namelist())
        workbook = z.read("xl/workbook.xml").decode("utf-8", "ignore") if "xl/workbook.xml" in names else ""
        rels_name = "xl/_rels/workbook.xml.rels"
        rels = z.read(rels_name).decode("utf-8", "ignore") if rels_name in names else ""
        targets = {
            a.get("Id"): a.get("Target", "")
            for a in (dict(_ATTR_RE.findall(m)) for m in re.findall(r"<Relationship\b([^>]*)/?>", rels))
        }
        hints: dict[str, CellFonts] = {}
        for attrs in re.findall(r"<sheet\b([^>]*)/?>", workbook):
            a = dict(re.findall(r'([\w:]+)="([^"]*)"', attrs))
            target = targets.get(a.get("r:id", ""), "")
            name = "xl/" + target.lstrip("/").removeprefix("xl/")
            if name in names:
                hints[html.unescape(a.get("name", ""))] = _sheet_fonts(z, name, legacy_xf)
        return hints


# --- header and rows ------------------------------------------------------------------------------
