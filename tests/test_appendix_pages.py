"""Decree 30/2020/NĐ-CP: an appendix's pages are numbered on their own ("Số trang của Phụ lục được đánh riêng
theo từng Phụ lục"): the report's PDF numbers its appendix “Giải thích số liệu” from its own first page
(unnumbered, as the report's first), and every page carries the draft mark while the sample names no signer.

Real renders of the sample's reports (``rendered_reports``), read back with pypdf and pdftotext.
"""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest
from pypdf import PdfReader

pytestmark = pytest.mark.e2e

PERIODS = ["2026", "2026-H1"]
TOP_MARGIN_PT = 56  # 20 mm: where the page number and DỰ THẢO are printed


def _pdf(project: Path, period: str) -> Path:
    return project / "reports" / period / f"bao_cao_{period}.pdf"


def _pages(pdf: Path) -> list[str]:
    """Each page's text (pdftotext, layout kept)."""
    return subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True,
                          check=True).stdout.split("\f")[:-1]  # fmt: skip


def _top_margins(pdf: Path) -> list[str]:
    """What each page prints in its top margin (its number, DỰ THẢO), spaces squeezed."""
    n = len(PdfReader(pdf).pages)
    out = subprocess.run(["pdftotext", "-layout", "-x", "0", "-y", "0", "-W", "596", "-H", str(TOP_MARGIN_PT),
                          str(pdf), "-"], capture_output=True, text=True, check=True).stdout  # fmt: skip
    tops = [" ".join(t.split()) for t in out.split("\f")[:-1]]
    assert len(tops) == n
    return tops


def _appendix_start(pages: list[str]) -> int:
    return next(i for i, t in enumerate(pages) if "GIẢI THÍCH SỐ LIỆU" in t and "PHỤ LỤC" in t)


@pytest.mark.parametrize("period", PERIODS)
def test_the_appendix_is_numbered_on_its_own_and_every_page_is_a_draft(report_project: Path, rendered_reports,
                                                                       period: str):  # fmt: skip
    pdf = _pdf(report_project, period)
    tops = _top_margins(pdf)
    first = _appendix_start(_pages(pdf))
    assert first >= 10 and len(tops) - first >= 8  # ~12 pages of report, ~10 of appendix
    assert all("DỰ THẢO" in t for t in tops)  # the sample's profile names no signer
    numbers = [t.replace("DỰ THẢO", "").strip() for t in tops]
    # the report's first page has no number, then 2, 3, ... as before; the appendix again from its own first
    # page, unnumbered, then 2, 3, ... (Decree 30: "Số trang của Phụ lục được đánh riêng theo từng Phụ lục")
    assert numbers[:first] == [""] + [str(n) for n in range(2, first + 1)]
    assert numbers[first:] == [""] + [str(n) for n in range(2, len(tops) - first + 1)]
