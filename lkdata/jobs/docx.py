"""A Word copy of a report, from the same HTML, through pandoc (pypandoc-binary carries pandoc).

The office fills in the document number and signs in Word, so the copy keeps headings, tables (with
borders) and charts, on A4 with the Decree 30 margins in a Times New Roman 13 pt body. The two-column
header and the signature block stay borderless tables, as in the printed document.
"""

from __future__ import annotations

import io
import re
import subprocess
import tempfile
import zipfile
from functools import lru_cache
from pathlib import Path

__all__ = ["html_to_docx"]

_FONT = (
    '<w:rFonts w:ascii="Times New Roman" w:hAnsi="Times New Roman" w:eastAsia="Times New Roman" '
    'w:cs="Times New Roman" />'
)
# A4 (twentieths of a point), margins top/bottom 20 mm, left 30 mm, right 15 mm
_SECTION = (
    '<w:pgSz w:w="11906" w:h="16838" />'
    '<w:pgMar w:top="1134" w:right="850" w:bottom="1134" w:left="1701" w:header="567" w:footer="567" w:gutter="0" />'
)
_BORDER = "".join(f'<w:{side} w:val="single" w:sz="4" w:space="0" w:color="000000" />'
                  for side in ("top", "left", "bottom", "right", "insideH", "insideV"))  # fmt: skip
_NO_BORDER = "".join(f'<w:{side} w:val="nil" />' for side in ("top", "left", "bottom", "right", "insideH", "insideV"))


def _pandoc() -> str:
    import pypandoc

    return pypandoc.get_pandoc_path()


@lru_cache(maxsize=1)
def _reference_docx() -> Path:
    """pandoc's default reference.docx, set to A4, Decree 30 margins, Times New Roman 13 pt, black headings."""
    default = subprocess.run([_pandoc(), "--print-default-data-file", "reference.docx"], capture_output=True,
                             check=True).stdout  # fmt: skip
    out = Path(tempfile.mkdtemp(prefix="lkdata-docx-")) / "reference.docx"
    with zipfile.ZipFile(io.BytesIO(default)) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for item in src.infolist():
            data = src.read(item.filename)
            if item.filename == "word/styles.xml":
                text = data.decode("utf-8")
                text = re.sub(r"<w:rFonts [^>]*/>", _FONT, text)
                text = re.sub(r'<w:color w:val="[0-9A-Fa-f]+"[^>]*/>', '<w:color w:val="000000" />', text)
                text = re.sub(r'<w:sz w:val="(2[8-9]|[3-9]\d)" />', '<w:sz w:val="26" />', text)
                text = re.sub(r'<w:szCs w:val="(2[8-9]|[3-9]\d)" />', '<w:szCs w:val="26" />', text)
                text = text.replace('<w:sz w:val="24" />', '<w:sz w:val="26" />')
                text = text.replace('<w:szCs w:val="24" />', '<w:szCs w:val="26" />')
                # table cells (pandoc's "Compact" paragraphs) in 11 pt, single-spaced
                text = text.replace(
                    '<w:spacing w:before="36" w:after="36" />\n    </w:pPr>\n  </w:style>',
                    '<w:spacing w:before="20" w:after="20" />\n    </w:pPr>\n'
                    '    <w:rPr><w:sz w:val="22" /><w:szCs w:val="22" /></w:rPr>\n  </w:style>',
                    1,
                )
                data = text.encode("utf-8")
            elif item.filename == "word/document.xml":
                text = data.decode("utf-8")
                data = re.sub(r"<w:sectPr>", "<w:sectPr>" + _SECTION, text, count=1).encode("utf-8")
            dst.writestr(item, data)
    return out


#: The text width on A4 with the Decree 30 margins, in twentieths of a point.
_TEXT_TWIPS = 11906 - 1701 - 850


def _grid(n: int, framing: bool) -> str:
    """Column widths: the header and signature tables split 45/55; a data table gives its first column
    (TT) 6% and its second (the label) 30%, the rest in equal parts."""
    if framing or n < 3:
        shares = [0.45, 0.55] if n == 2 else [1 / n] * n
    else:
        rest = (1 - 0.06 - 0.30) / (n - 2)
        shares = [0.06, 0.30, *[rest] * (n - 2)]
    return "<w:tblGrid>" + "".join(f'<w:gridCol w:w="{round(_TEXT_TWIPS * x)}" />' for x in shares) + "</w:tblGrid>"


def _borders(docx: Path) -> None:
    """Borders on the data tables; none on the header and signature tables (the first and the last).
    Every table spans the text width."""
    with zipfile.ZipFile(docx) as src:
        items = [(i, src.read(i.filename)) for i in src.infolist()]
    with zipfile.ZipFile(docx, "w", zipfile.ZIP_DEFLATED) as dst:
        for item, data in items:
            if item.filename == "word/document.xml":
                text = data.decode("utf-8")
                tables = re.findall(r"<w:tblPr>.*?</w:tblGrid>", text, flags=re.S)
                for n, block in enumerate(tables):  # the first and the last table: header and signature
                    framing = n in (0, len(tables) - 1)
                    props, _, grid = block.partition("</w:tblPr>")
                    props = re.sub(r"<w:tblW [^>]*/>", '<w:tblW w:type="pct" w:w="5000" />', props)
                    borders = f"<w:tblBorders>{_NO_BORDER if framing else _BORDER}</w:tblBorders>"
                    # WordprocessingML fixes the order of a table's properties: borders before layout and look
                    at = re.search(r"<w:(shd|tblLayout|tblCellMar|tblLook|tblCaption|tblDescription)\b|$", props)
                    props = props[: at.start()] + borders + props[at.start() :]
                    text = text.replace(block, props + "</w:tblPr>" + _grid(grid.count("<w:gridCol "), framing), 1)
                data = text.encode("utf-8")
            dst.writestr(item, data)


def html_to_docx(html_text: str, target: Path) -> None:
    """Write ``target`` (.docx) from a rendered report's HTML (images are embedded data URIs)."""
    html_text = re.sub(r"<style.*?</style>|<title>.*?</title>", "", html_text, flags=re.S)
    html_text = re.sub(r'<a class="anchor-link"[^>]*>.*?</a>', "", html_text)  # the HTML's ¶ heading links
    # the appendix «Giải thích số liệu» stays in the HTML and the PDF: the copy the office edits ends with its
    # signature (lkdata.report.explain.appendix marks the appendix with these comments)
    html_text = re.sub(r"<!-- phu-luc -->.*?<!-- /phu-luc -->", "", html_text, flags=re.S)
    with tempfile.TemporaryDirectory(prefix="lkdata-docx-") as tmp:
        src = Path(tmp) / "report.html"
        src.write_text(html_text, encoding="utf-8")
        subprocess.run(
            [_pandoc(), "-f", "html", "-t", "docx", "--reference-doc", str(_reference_docx()), "-o", str(target),
             str(src)],
            check=True, capture_output=True, cwd=tmp,
        )  # fmt: skip
    _borders(target)
