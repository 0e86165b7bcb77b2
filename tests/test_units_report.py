"""The units in the rendered documents (one rendering of the sample's six-month report with ``--units``): the
report's section "Kết quả thực hiện của các cơ quan, đơn vị" and each unit's one-page summary, read back from the
HTML and PDF, every number recomputed here from the processed activities (the sample's organisers are written
as the units' names, so a plain equality finds each unit's rows)."""

from __future__ import annotations

import html as html_lib
import re
import unicodedata
from pathlib import Path

import pandas as pd
import pytest
from conftest import run_cli
from pypdf import PdfReader

from lkdata.io.reference import load_units
from lkdata.vn.text import fold

pytestmark = pytest.mark.e2e

UNITS = load_units()
H1 = (pd.Timestamp("2026-01-01"), pd.Timestamp("2026-05-05"))  # the sample's 2026-H1 and its cut-off
H1_BEFORE = (pd.Timestamp("2025-01-01"), pd.Timestamp("2025-05-05"))


def _flat(text: str) -> str:
    return re.sub(r"\s+", " ", unicodedata.normalize("NFC", text)).strip()


def _vn(n: int) -> str:
    return f"{n:,}".replace(",", ".")


def _n(n: int) -> str:
    """A count in a sentence as the shipped ward profile writes it (``03``)."""
    return f"{n:02d}" if 0 < n < 10 else _vn(n)


@pytest.fixture(scope="module")
def project(copy_project) -> Path:
    root = copy_project("units")
    r = run_cli(root, "report", "2026-H1", "--units", "--formats", "html,pdf", "-q")
    assert r.returncode == 0, r.stdout + r.stderr
    return root


@pytest.fixture(scope="module")
def expected(project: Path) -> pd.DataFrame:
    """Per unit, recomputed from the processed activities: activities and participants in 2026-H1, activities in
    the same period of 2025."""
    a = pd.read_parquet(project / "data" / "processed" / "activities.parquet")
    rows = []
    for u in UNITS:
        mine = a[a["organiser"] == u.name]
        now = mine[mine["held_on"].between(*H1)]
        before = mine[mine["held_on"].between(*H1_BEFORE)]
        rows.append({"name": u.name, "n": len(now), "people": int(now["participants"].fillna(0).sum()),
                     "before": len(before), "before_people": int(before["participants"].fillna(0).sum())})  # fmt: skip
    out = pd.DataFrame(rows).set_index("name")
    held = a[a["held_on"].between(*H1)]
    out.attrs["all"] = (len(held), int(held["participants"].fillna(0).sum()), len(a[a["held_on"].between(*H1_BEFORE)]))
    return out


def _rows(html: str, caption: str) -> list[list[str]]:
    """The cells of the table under ``caption``, as text."""
    html = html.replace("\xa0", " ")  # names and dates are kept whole on a line
    block = html[html.index(caption) :]
    block = block[: block.index("</table>")]
    return [
        [_flat(html_lib.unescape(re.sub(r"<[^>]+>", "", c))) for c in re.findall(r"<td[^>]*>(.*?)</td>", tr, re.S)]
        for tr in re.findall(r"<tr>(.*?)</tr>", block, re.S)
        if "<td" in tr
    ]


def test_the_report_has_the_units_section_with_every_unit_and_who_has_not_reported(project: Path, expected):
    folder = project / "reports" / "2026-H1"
    text = _flat(" ".join(p.extract_text() for p in PdfReader(folder / "bao_cao_2026-H1.pdf").pages))
    # after the khu phố results (9.), before "III. ĐÁNH GIÁ CHUNG"
    at = text.index("10. Kết quả thực hiện của các cơ quan, đơn vị")
    assert text.index("9. Kết quả theo khu phố") < at < text.index("III. ĐÁNH GIÁ CHUNG")
    silent = [n for n in expected.index if expected.at[n, "n"] == 0]
    assert silent, "the sample has units that sent nothing"
    said = _flat(
        f"{_n(len(expected) - len(silent))} trong số {_n(len(expected))} cơ quan, đơn vị đã báo cáo kết quả 6 tháng "
        "đầu năm 2026"
    )
    assert said in text
    listed = ", ".join(silent[:-1]) + f" và {silent[-1]}"
    assert f"Các đơn vị chưa báo cáo: {listed}" in text
    html = (folder / "bao_cao_2026-H1.html").read_text(encoding="utf-8")
    rows = _rows(html, "Kết quả thực hiện của các cơ quan, đơn vị (đến ngày 05/5/2026)")
    by_name = {r[1]: r for r in rows}
    for name, e in expected.iterrows():
        row = by_name[name]
        unit = next(u for u in UNITS if u.name == name)
        assert row[2].startswith(unit.duties[:40]) and f"(mục {unit.section})" in row[2]
        if e.n == 0:
            assert row[3:] == ["chưa báo cáo"], row
        else:
            assert row[3:] == [_vn(e.n), _vn(e.people), _vn(e.before)], row
    total = next(r for r in rows if r[1] == "Cộng")
    assert total[3:] == [_vn(v) for v in expected.attrs["all"]]
    other = [r for r in rows if r[1] == "Cơ quan, đơn vị cấp trên và đơn vị khác"]
    n_other = expected.attrs["all"][0] - int(expected["n"].sum())
    assert (other[0][3] == _vn(n_other)) if other else n_other == 0


def test_each_unit_gets_its_one_page_summary(project: Path, expected):
    folder = project / "reports" / "2026-H1" / "don_vi"
    index = (project / "reports" / "index.html").read_text(encoding="utf-8")
    assert f"Tóm tắt theo cơ quan, đơn vị, 6 tháng đầu năm 2026 ({len(UNITS)})" in index
    for u in UNITS:
        stem = f"tom_tat_{'_'.join(fold(u.name).split())}_2026-H1"
        assert f'href="2026-H1/don_vi/{stem}.pdf"' in index, stem
        for ext in ("html", "pdf", "ipynb", "manifest.json"):
            assert (folder / f"{stem}.{ext}").is_file(), (stem, ext)
        pdf = PdfReader(folder / f"{stem}.pdf")
        assert len(pdf.pages) == 1, u.name
        text = _flat(pdf.pages[0].extract_text())
        assert f"{u.name} - 6 tháng đầu năm 2026" in text and "DỮ LIỆU MẪU" in text
        assert f"mục {u.section}" in text and _flat(u.duties[:30]) in text
        e = expected.loc[u.name]
        if e.n:
            assert (f"đã tổ chức {_n(e.n)} hoạt động với {_vn(e.people)} lượt người tham dự (cùng kỳ năm 2025: "
                    f"{_n(e.before)} hoạt động)") in text, u.name  # fmt: skip
            rows = _rows((folder / f"{stem}.html").read_text(encoding="utf-8"), f"Các hoạt động do {u.name} tổ chức")
            total = next(r for r in rows if r[1] == "Cộng")
            assert total[3:8] == [_vn(e.n), _vn(e.people), _vn(e.before), _vn(e.before_people),
                                  _vn(expected.attrs["all"][0])]  # fmt: skip
        else:
            assert f"[{u.name} chưa báo cáo kết quả 6 tháng đầu năm 2026" in text, u.name
