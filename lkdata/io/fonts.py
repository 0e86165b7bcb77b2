"""Which workbook cells are formatted in a legacy Vietnamese font (``.VnTime``: TCVN3, ``VNI-Times``: VNI),
read from the workbook's own style XML in one pass."""

from __future__ import annotations

import html
import re
import zipfile
from pathlib import Path

__all__ = ["font_hints"]

#: Font name prefixes (folded to lower case) and the legacy encoding they imply.
_LEGACY_FONTS = {".vn": "tcvn3", "vni": "vni"}

_FONT_RE = re.compile(r"<font\b.*?</font>|<font\b[^>]*/>", re.S)
_FONT_NAME_RE = re.compile(r'<name\s+val="([^"]*)"')
_XF_RE = re.compile(r"<xf\b([^>]*)/?>")
_ATTR_RE = re.compile(r'(\w+)="([^"]*)"')
_CELL_RE = re.compile(r"<c\b([^>]*)>")


def _legacy_encoding(font: str) -> str | None:
    name = font.lower()
    return next((enc for prefix, enc in _LEGACY_FONTS.items() if name.startswith(prefix)), None)


def _column_number(letters: str) -> int:
    n = 0
    for ch in letters:
        n = n * 26 + ord(ch) - 64
    return n


def font_hints(path: Path) -> dict[str, dict[tuple[int, int], str]]:
    """Per sheet, (row, column) -> legacy encoding of cells formatted in .VnTime or VNI fonts.

    Reads the workbook's XML directly (styles, then each sheet's cell style indexes) in one pass:
    many times faster than loading cell styles through a workbook object.
    """
    if path.suffix.lower() not in (".xlsx", ".xlsm"):
        return {}
    with zipfile.ZipFile(path) as z:
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
        if not legacy_xf:
            return {}
        workbook = z.read("xl/workbook.xml").decode("utf-8", "ignore")
        rels = z.read("xl/_rels/workbook.xml.rels").decode("utf-8", "ignore")
        targets = {
            a.get("Id"): a.get("Target", "")
            for a in (dict(_ATTR_RE.findall(m)) for m in re.findall(r"<Relationship\b([^>]*)/?>", rels))
        }
        hints: dict[str, dict[tuple[int, int], str]] = {}
        for attrs in re.findall(r"<sheet\b([^>]*)/?>", workbook):
            a = dict(re.findall(r'([\w:]+)="([^"]*)"', attrs))
            target = targets.get(a.get("r:id", ""), "")
            name = "xl/" + target.lstrip("/").removeprefix("xl/")
            if name not in z.namelist():
                continue
            xml = z.read(name).decode("utf-8", "ignore")
            found = {}
            for cell in _CELL_RE.findall(xml):
                c = dict(_ATTR_RE.findall(cell))
                enc = legacy_xf.get(c.get("s", ""))
                if enc and "r" in c:
                    m = re.match(r"([A-Z]+)(\d+)", c["r"])
                    if m:
                        found[(int(m.group(2)), _column_number(m.group(1)))] = enc
            hints[html.unescape(a.get("name", ""))] = found
        return hints


# --- header and rows ------------------------------------------------------------------------------
