"""The Word copies of the sample's reports as LibreOffice prints them (``soffice --convert-to pdf``, read back
with ``pdftotext -layout``): every figure and word of every data table's rows is on the printed pages, table
by table. LibreOffice (7.4, as Collabora) once dropped every row of a table whose rows may not split when
the table started at the foot of a page (CollaboraOnline/online#11629): the annual report's Bảng 13 printed
its caption and heading only."""

from __future__ import annotations

import re
import shutil
import subprocess
from collections import Counter
from pathlib import Path

import pytest
from docx import Document

_NO_PRINTER = shutil.which("soffice") is None or shutil.which("pdftotext") is None
pytestmark = [pytest.mark.e2e, pytest.mark.skipif(_NO_PRINTER, reason="LibreOffice and pdftotext print the Word copy")]

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
PERIODS = ["2026-H1", "2026"]
#: What separates words in the Word copy's cells: spaces, no-break spaces; the word joiner is no character.
_SPACE = re.compile(r"[\s\u00a0]+")


def print_with_libreoffice(docx: Path, folder: Path) -> str:
    """The text of ``docx`` as LibreOffice prints it to PDF (its own profile in ``folder``: never the user's)."""
    profile = (folder / "lo-profile").resolve().as_uri()
    r = subprocess.run(["soffice", f"-env:UserInstallation={profile}", "--headless", "--convert-to", "pdf",
                        "--outdir", str(folder), str(docx)], capture_output=True, text=True, timeout=300)  # fmt: skip
    pdf = folder / f"{docx.stem}.pdf"
    assert r.returncode == 0 and pdf.exists(), r.stdout + r.stderr
    return subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True).stdout


def _words(text: str) -> list[str]:
    return [w for w in _SPACE.split(text.replace("\u2060", "")) if w]


def _data_tables(doc) -> list[tuple[str, list[str]]]:
    """Each bordered table of the document, in order: the text of the paragraph before it (its caption, or
    the narrative that introduces it) and the words of the cells under its heading row."""
    out, before = [], ""
    for el in doc.element.body.iterchildren():
        if el.tag == f"{W}p":
            text = "".join(t.text or "" for t in el.iter(f"{W}t")).strip()
            before = text or before
        elif el.tag == f"{W}tbl" and el.find(f"{W}tblPr/{W}tblBorders/{W}top").get(f"{W}val") == "single":
            rows = el.findall(f"{W}tr")[1:]
            cells = [c for r in rows for c in r.findall(f"{W}tc")]
            words = [w for c in cells for w in _words("\n".join(t.text or "" for t in c.iter(f"{W}t")))]
            out.append((before, words))
    return out


def lost_words(doc, printed: str) -> dict[str, Counter]:
    """Per data table (by the paragraph before it), the words of its rows the printed text lacks between the
    table's caption and the next table's: none when every row printed."""
    flat, where = [], []  # the printed text without spaces, and where each of its characters is
    for i, ch in enumerate(printed.replace("\u2060", "")):
        if not ch.isspace() and ch != "\u00a0":
            flat.append(ch)
            where.append(i)
    flat_text = "".join(flat)
    tables = _data_tables(doc)
    starts, at = [], 0
    for before, _ in tables:
        key = "".join(_words(before))[-60:]
        found = flat_text.find(key, at)
        assert found >= 0, f"not printed: {before!r}"
        starts.append(where[found])
        at = found + len(key)
    lost = {}
    for k, (before, words) in enumerate(tables):
        end = starts[k + 1] if k + 1 < len(tables) else len(printed)
        missing = Counter(words) - Counter(_words(printed[starts[k] : end]))
        if missing:
            lost[before] = missing
    return lost


@pytest.mark.parametrize("period", PERIODS)
def test_libreoffice_prints_every_row_of_every_table(period, report_project: Path, rendered_reports, tmp_path):
    docx = report_project / "reports" / period / f"bao_cao_{period}.docx"
    doc = Document(docx)
    assert len(_data_tables(doc)) >= 10
    assert lost_words(doc, print_with_libreoffice(docx, tmp_path)) == {}
