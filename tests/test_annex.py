"""Excel annexes: `lkdata indicators PERIOD --xlsx FILE` and the workbook writer behind it (read back with
openpyxl, a reader lkdata does not write with)."""

from __future__ import annotations

import math
from pathlib import Path

import openpyxl
import pytest

import lkdata
from lkdata.cli import main
from lkdata.jobs.annex import sheet_names, write_annex
from lkdata.report.annex import FIGURE, AnnexTable
from lkdata.vn.fmt import fmt_figure, fmt_percent


@pytest.fixture
def at(monkeypatch):
    return lambda project: monkeypatch.setenv("LKDATA_ROOT", str(project))


def _rows(ws, first: int = 4):
    """The table's rows below the header (row 3), up to the first empty one."""
    out = []
    for row in ws.iter_rows(min_row=first, values_only=True):
        if row[0] is None:
            break
        out.append(row)
    return out


@pytest.mark.parametrize("period", ["2026-H1", "2026"])
def test_indicators_workbook_holds_every_figure_as_the_documents_print_it(cleaned_project: Path, at, tmp_path,
                                                                         capsys, period):  # fmt: skip
    at(cleaned_project)
    processed = cleaned_project / "data" / "processed"
    target = tmp_path / "chi_tieu.xlsx"
    assert main(["indicators", period, "--processed", str(processed), "--xlsx", str(target)]) == 0
    assert f"Đã ghi bảng chỉ tiêu vào {target}" in capsys.readouterr().out
    figures = lkdata.indicators(period, processed=processed)
    wb = openpyxl.load_workbook(target)
    assert wb.sheetnames == ["Chỉ tiêu", "Định nghĩa"]
    ws = wb["Chỉ tiêu"]
    assert ws.freeze_panes == "A4"  # caption and header stay in view
    head = [c.value for c in ws[3]]
    partial = period == "2026-H1"
    assert head[:6] == ["TT", "Nhiệm vụ", "Mã chỉ tiêu", "Chỉ tiêu", "Đơn vị", "Đến 05/5/2026" if partial else
                        "Đến 10/11/2026"]  # fmt: skip
    assert ("Ước đến 30/6/2026" in head) is partial
    rows = _rows(ws)
    assert [r[2] for r in rows] == list(figures["indicator"])
    col = {h: i for i, h in enumerate(head)}
    for r, f in zip(rows, figures.itertuples(), strict=True):
        # the cell is a number; shown with the documents' rounding it reads as the report prints it
        assert isinstance(r[col[head[5]]], (int, float)) and fmt_figure(r[col[head[5]]]) == fmt_figure(f.value)
        prev = r[col[f"Cùng kỳ {figures_year(period) - 1}"]]
        if math.isnan(f.previous):
            assert prev is None and "chưa có số liệu cùng kỳ" in r[col["Ghi chú"]]  # never a default
        else:
            assert fmt_figure(prev) == fmt_figure(f.previous)
            if f.previous:
                assert fmt_percent(r[col["So cùng kỳ (%)"]]) == fmt_percent(f.value / f.previous * 100)
        tgt = r[col[f"Chỉ tiêu năm {figures_year(period)}"]]
        if math.isnan(f.target):
            assert tgt is None and "chưa giao chỉ tiêu" in r[col["Ghi chú"]]
        else:
            assert fmt_figure(tgt) == fmt_figure(f.target)
            assert fmt_percent(r[col["Đạt (%)"]]) == fmt_percent(f.attainment_pct)
    number_formats = {ws.cell(row=4 + i, column=6).number_format for i in range(len(rows))}
    assert number_formats <= {"#,##0", "#,##0.0"}
    defs = _rows(wb["Định nghĩa"])
    assert [d[0] for d in defs] == list(figures["indicator"])
    assert all(d[3].startswith(("Số có đến ngày chốt", "Phát sinh trong kỳ")) for d in defs)
    assert all("Được tính: các" in d[5] and ("còn hiệu lực đến ngày" in d[5] or "từ ngày" in d[5]) for d in defs)


def figures_year(period: str) -> int:
    return int(period[:4])


def test_indicators_xlsx_must_be_a_workbook_name(cleaned_project: Path, at, tmp_path, capsys):
    at(cleaned_project)
    processed = cleaned_project / "data" / "processed"
    assert main(["indicators", "2026-H1", "--processed", str(processed), "--xlsx", str(tmp_path / "a.csv")]) == 2
    assert "phải có đuôi .xlsx" in capsys.readouterr().err
    assert not (tmp_path / "a.csv").exists()


@pytest.mark.parametrize(
    ("wanted", "expected"),
    [
        (["Bảng 1", "Bảng 2"], ["Bảng 1", "Bảng 2"]),
        (["a/b:c*d?[e]\\f"], ["a-b-c-d--e--f"]),
        (["x" * 40, "x" * 40], ["x" * 31, "x" * 27 + " (2)"]),
        (["Chỉ tiêu", "CHỈ TIÊU"], ["Chỉ tiêu", "CHỈ TIÊU (2)"]),  # Excel compares sheet names without case
        (["''"], ["Bảng"]),
    ],
)
def test_sheet_names_are_valid_and_distinct(wanted, expected):
    tables = [AnnexTable(caption="c", columns=["a"], rows=[], decimals=[None], sheet=w) for w in wanted]
    assert sheet_names(tables) == expected


def test_cells_keep_their_kind(tmp_path):
    table = AnnexTable(
        caption="Bảng thử",
        columns=["Tên", "Diện tích (ha)", "Số hộ", "Tỷ lệ (%)"],
        rows=[
            ['=HYPERLINK("http://x","bấm")', 1234.5, 3, 12.25],
            ["-2+3+cmd|' /C calc'!A0", 768.0, None, float("nan")],
            ["<script>alert(1)</script>", None, 0, None],
        ],
        decimals=[None, FIGURE, 0, 1],
        notes=["Ô trống: chưa có số liệu."],
    )
    target = tmp_path / "a.xlsx"
    write_annex(target, [table], title="Phụ lục")
    ws = openpyxl.load_workbook(target)["Bảng thử"]
    assert ws["A1"].value == "Bảng thử"
    # text is text, never a formula: openpyxl reads a formula cell as data_type "f"
    for r in (4, 5, 6):
        assert ws.cell(r, 1).data_type == "s"
    assert ws["A4"].value.startswith("=HYPERLINK") and ws["A4"].quotePrefix
    assert ws["B4"].value == 1234.5 and ws["B4"].number_format == "#,##0.0"
    assert ws["B5"].value == 768 and ws["B5"].number_format == "#,##0"
    assert ws["C5"].value is None and ws["D5"].value is None  # unknown stays empty, NaN is never written
    assert ws["C6"].value == 0  # a known zero stays a zero
    assert ws["D4"].number_format == "#,##0.0"
    assert ws["A8"].value == "Ô trống: chưa có số liệu."


def test_rows_must_fit_the_columns():
    with pytest.raises(ValueError, match="one value per column"):
        AnnexTable(caption="c", columns=["a", "b"], rows=[[1]], decimals=[None, None])


def test_a_failed_write_leaves_the_previous_workbook(tmp_path):
    target = tmp_path / "a.xlsx"
    good = AnnexTable(caption="c", columns=["a"], rows=[["cũ"]], decimals=[None])
    write_annex(target, [good])
    before = target.read_bytes()

    class Broken:
        def __str__(self):
            raise RuntimeError("hỏng")

    with pytest.raises(RuntimeError):
        write_annex(target, [AnnexTable(caption="c", columns=["a"], rows=[[Broken()]], decimals=[None])])
    assert target.read_bytes() == before
    assert [p.name for p in tmp_path.iterdir()] == ["a.xlsx"]  # no temporary left


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("768,6", 768.6), ("600", 600), ("1.234", 1234), ("28.630,5", 28630.5), ("121,5%", 121.5),
        ("-3", -3), ("−12,5%", -12.5), ("0", 0), ("1.000.000", 1000000), (" 42 ", 42),
        ("-", None), ("chưa giao", None), ("Khu phố 2", None), ("", None), ("1.23", None), ("12,", None),
        ("05/5/2026", None), ("1,2,3", None), ("3 hộ", None),
    ],
)  # fmt: skip
def test_a_printed_figure_reads_back_as_its_number(text, value):
    from lkdata.report.annex import figure_value

    assert figure_value(text) == value


def test_a_documents_tables_become_sheets_of_numbers(tmp_path):
    from lkdata.report.annex import tables_from_blocks

    def c(text, bold=False):
        return {"text": text, "bold": bold, "italic": False}

    blocks = [
        {"kind": "markdown", "text": "Trong kỳ ..."},
        {"kind": "table", "caption": "Bảng 1. Kết quả", "head": ["TT", "Chỉ tiêu", "Đến 05/5/2026", "Đạt (%)"],
         "text_columns": 2, "rows": [[c("1"), c("Diện tích"), c("768,6"), c("121,5%")],
                                     [c("2"), c("Hộ"), c("1.234"), c("-")],
                                     [c("3"), c("Khu phố 20"), c("chưa gửi số liệu")]]},
        {"kind": "table", "caption": "Bảng 2. Tổng hợp", "head": ["Khu phố", "Số hộ"], "rows": [[c("Tổng", True),
                                                                                               c("12")]]},
    ]  # fmt: skip
    tables = tables_from_blocks(blocks)
    assert [t.sheet for t in tables] == ["Bảng 1", "Bảng 2"]
    first = tables[0]
    assert first.rows[0] == ["1", "Diện tích", 768.6, 121.5]  # the first text_columns stay text
    assert first.rows[1] == ["2", "Hộ", 1234, None]
    assert first.rows[2] == ["3", "Khu phố 20", "chưa gửi số liệu", None]  # the spanning cell keeps its words
    write_annex(tmp_path / "p.xlsx", tables)
    ws = openpyxl.load_workbook(tmp_path / "p.xlsx")["Bảng 1"]
    assert ws["C4"].value == 768.6 and ws["C4"].number_format == "#,##0.0"
    assert ws["C5"].value == 1234 and ws["C5"].number_format == "#,##0"
    assert ws["C6"].value == "chưa gửi số liệu"


@pytest.mark.e2e
@pytest.mark.parametrize("period", ["2026-H1", "2026"])
def test_the_reports_annex_holds_every_table_as_printed(rendered_reports, report_project: Path, period):
    """`phu_luc_so_lieu_<period>.xlsx` beside the report: one sheet per table of the HTML, in order, each cell
    the figure the report prints (read back from the HTML here, independently of the block models)."""
    import html as html_lib
    import re

    from lkdata.vn.fmt import fmt_number

    folder = report_project / "reports" / period
    # the page keeps place names and a caption's last two words together with no-break spaces: read as spaces
    page = (folder / f"bao_cao_{period}.html").read_text(encoding="utf-8").replace("\xa0", " ").replace("&nbsp;", " ")
    wb = openpyxl.load_workbook(folder / f"phu_luc_so_lieu_{period}.xlsx")
    tables = re.findall(r'<p class="table-caption">(.*?)</p><table class="bang[^"]*">(.*?)</table>', page, re.S)
    assert len(tables) >= 8
    numbered = [re.match(r"(Bảng \d+)", html_lib.unescape(c)).group(1) for c, _ in tables]
    assert wb.sheetnames == [*numbered, "Định nghĩa", "Trao đổi số liệu"]  # the exchange file's sheet last
    for (caption, body), name in zip(tables, wb.sheetnames, strict=False):
        ws = wb[name]
        assert ws["A1"].value == html_lib.unescape(re.sub(r"<[^>]+>", "", caption))
        rows = re.findall(r"<tr>(.*?)</tr>", body.split("<tbody>")[1], re.S)
        for i, tr in enumerate(rows, 4):
            cells = [
                html_lib.unescape(re.sub(r"<[^>]+>", "", c)).strip()
                for c in re.findall(r"<td[^>]*>(.*?)</td>", tr, re.S)
            ]
            for j, printed in enumerate(cells, 1):
                value = ws.cell(i, j).value
                if isinstance(value, (int, float)) and not isinstance(value, bool):
                    decimals = len(printed.split(",")[1].rstrip("%")) if "," in printed else 0
                    assert fmt_number(value, decimals) == printed.rstrip("%"), (name, i, j, printed, value)
                elif printed in ("", "-"):
                    assert value is None, (name, i, j)
                else:
                    assert value == printed, (name, i, j)
    defs = [r[0] for r in wb["Định nghĩa"].iter_rows(min_row=4, values_only=True) if r[0]]
    assert "linkage_area_ha" in defs and "training_courses" in defs
    manifest = (folder / "manifest.json").read_text(encoding="utf-8")
    assert f"phu_luc_so_lieu_{period}.xlsx" in manifest
