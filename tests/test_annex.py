"""Excel annexes: `lkdata indicators PERIOD --xlsx FILE` and the workbook writer behind it (read back with
openpyxl, a reader lkdata does not write with)."""

from __future__ import annotations

import math
import re
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
    when = r"(còn hiệu lực|còn hoạt động) đến ngày|từ ngày"
    assert all(re.search(r"Được tính: (tất cả )?các", d[5]) and re.search(when, d[5]) for d in defs)


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
    the figure the report prints (read back from the HTML here, independently of the block models), shown with
    the decimals it prints (``100,0``); a printed ``-`` an empty cell with a note saying why, never 0; every
    sheet marked as the PDF's pages are (``DỰ THẢO`` for a draft, the sample-data banner on the sample) and set
    up to print (A4, one page wide, landscape when wide, the title rows on every page)."""
    import html as html_lib
    import json
    import re

    from pypdf import PdfReader

    from lkdata.vn.fmt import fmt_number

    folder = report_project / "reports" / period
    manifest = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
    pdf_text = " ".join(PdfReader(folder / f"bao_cao_{period}.pdf").pages[1].extract_text().split())
    marks = (["DỰ THẢO"] if manifest["placeholders"] else []) + (
        ["DỮ LIỆU MẪU - không dùng cho báo cáo chính thức"] if manifest["sample"] else [])  # fmt: skip
    assert manifest["sample"] and marks[-1] in pdf_text and ("DỰ THẢO" in pdf_text) == bool(manifest["placeholders"])
    # the sample's profile names no signer: both reports are drafts (a workbook of a document without
    # placeholders has no DỰ THẢO row: test_printed_decimals_and_dashes_keep_their_meaning)
    assert any(p["what"] == "họ và tên người ký" for p in manifest["placeholders"])
    # the page keeps place names and a caption's last two words together with no-break spaces: read as spaces
    page = (folder / f"bao_cao_{period}.html").read_text(encoding="utf-8").replace("\xa0", " ").replace("&nbsp;", " ")
    wb = openpyxl.load_workbook(folder / f"phu_luc_so_lieu_{period}.xlsx")
    tables = re.findall(r'<p class="table-caption">(.*?)</p><table class="bang[^"]*">(.*?)</table>', page, re.S)
    assert len(tables) >= 8
    numbered = [re.match(r"(Bảng \d+)", html_lib.unescape(c)).group(1) for c, _ in tables]
    assert wb.sheetnames == [*numbered, "Định nghĩa", "Trao đổi số liệu"]  # the exchange file's sheet last
    top = len(marks) + 3  # the column headers' row (1-based): marks, caption, a blank row
    for ws in wb.worksheets:
        assert [ws.cell(k, 1).value for k in range(1, len(marks) + 1)] == marks, ws.title  # every sheet marked
        assert ws.page_setup.paperSize == 9 and ws.sheet_properties.pageSetUpPr.fitToPage, ws.title
        assert (ws.page_setup.fitToWidth or 1, ws.page_setup.fitToHeight) == (1, 0), ws.title  # 1: the default
        assert ws.print_title_rows.startswith("$1:$"), ws.title
    dashes = 0
    for (caption, body), name in zip(tables, wb.sheetnames, strict=False):
        ws = wb[name]
        assert ws.cell(len(marks) + 1, 1).value == html_lib.unescape(re.sub(r"<[^>]+>", "", caption))
        assert ws.print_title_rows == f"$1:${top}"  # marks, caption and column headers on every printed page
        head = [c.value for c in ws[top]]
        if "Đạt (%)" in head:  # the indicators' nine columns are wider than a portrait page
            assert ws.page_setup.orientation == "landscape", name
        rows = re.findall(r"<tr>(.*?)</tr>", body.split("<tbody>")[1], re.S)
        for i, tr in enumerate(rows, top + 1):
            cells = [
                html_lib.unescape(re.sub(r"<[^>]+>", "", c)).strip()
                for c in re.findall(r"<td[^>]*>(.*?)</td>", tr, re.S)
            ]
            for j, printed in enumerate(cells, 1):
                cell = ws.cell(i, j)
                value = cell.value
                if isinstance(value, (int, float)) and not isinstance(value, bool):
                    decimals = len(printed.split(",")[1].rstrip("%")) if "," in printed else 0
                    assert fmt_number(value, decimals) == printed.rstrip("%"), (name, i, j, printed, value)
                    shown = cell.number_format.split(".")[1].split('"')[0] if "." in cell.number_format else ""
                    assert shown == "0" * decimals, (name, i, j, printed, cell.number_format)  # 100,0 stays 100,0
                elif printed == "-":
                    assert value is None and cell.comment is not None, (name, i, j)
                    note = cell.comment.text
                    assert note.startswith("Báo cáo in “-”: ") and "không phải số 0" in note, note
                    if str(head[j - 1]).startswith("Đạt") and "chưa giao" in cells:
                        assert "chưa giao chỉ tiêu năm" in note, note
                    dashes += 1
                elif printed == "":
                    assert value is None, (name, i, j)
                else:
                    assert value == printed, (name, i, j)
        if any(c.comment for row in ws.iter_rows() for c in row):
            assert any(str(c.value).startswith("Ô trống có ghi chú") for c in ws["A"]), name  # the legend
    assert dashes >= 10  # the report prints "-" (no target set, no comparison): every one was met
    definitions = list(wb["Định nghĩa"].iter_rows(min_row=top, values_only=True))
    assert definitions[0] == ("Chỉ tiêu", "Nhiệm vụ", "Đơn vị", "Định nghĩa", "Mã chỉ tiêu")  # a name first, ids last
    assert {"linkage_area_ha", "training_courses"} <= {r[4] for r in definitions[1:]}
    assert "Lớp tập huấn về liên kết sản xuất, tiêu thụ" in {r[0] for r in definitions[1:]}
    assert f"phu_luc_so_lieu_{period}.xlsx" in {o["file"] for o in manifest["outputs"]}


def test_printed_decimals_and_dashes_keep_their_meaning(tmp_path):
    """``100,0`` stays ``100,0`` (one decimal shown, not ``100``); a printed ``-`` is an empty cell whose note
    says why, as the report means it: no target set, a year-ago figure of 0 or unknown, else no figure."""
    from lkdata.report.annex import DASH_LEGEND, document_marks, tables_from_blocks

    head = ["TT", "Chỉ tiêu", "Đến 05/5/2026", "Cùng kỳ 2025", "So cùng kỳ (%)", "Chỉ tiêu năm 2026", "Đạt (%)"]
    rows = [["1", "Lớp", "3", "3", "100,0", "8", "37,5"],
            ["2", "Hộ", "1", "0", "-", "chưa giao", "-"],
            ["3", "HTX", "-", "chưa có số liệu", "-", "4", "-"]]  # fmt: skip
    block = {"kind": "table", "caption": "Bảng 1. Thử", "head": head, "text_columns": 2, "rows": rows}
    table = tables_from_blocks([block])[0]
    assert table.rows[1][4:] == [None, "chưa giao", None] and table.notes == [DASH_LEGEND]
    marks = document_marks([{"kind": "header", "sample": True, "banner": "DỮ LIỆU MẪU - x"}], draft=True)
    assert marks == ["DỰ THẢO", "DỮ LIỆU MẪU - x"]
    assert document_marks([{"kind": "header", "sample": False, "banner": ""}], draft=False) == []
    write_annex(tmp_path / "a.xlsx", [table], marks=marks)
    ws = openpyxl.load_workbook(tmp_path / "a.xlsx")["Bảng 1"]
    assert [ws["A1"].value, ws["A2"].value, ws["A3"].value] == ["DỰ THẢO", "DỮ LIỆU MẪU - x", "Bảng 1. Thử"]
    assert ws["E6"].value == 100 and ws["E6"].number_format == "#,##0.0"  # printed 100,0
    assert ws["C6"].number_format == "#,##0" and ws["G6"].number_format == "#,##0.0"
    notes = {c: ws[c].comment.text for c in ("E7", "G7", "C8", "E8", "G8")}
    assert all(ws[c].value is None for c in notes)  # never a dash, never 0
    assert "cùng kỳ bằng 0" in notes["E7"] and "chưa giao chỉ tiêu năm" in notes["G7"]
    assert "không có số liệu" in notes["C8"] and "chưa có số liệu cùng kỳ" in notes["E8"]
    assert "không tính tỷ lệ đạt" not in notes["G8"]  # a target was set: the reason is not invented
    assert ws.print_title_rows == "$1:$5" and ws.page_setup.paperSize == 9
    assert ws["A10"].value == DASH_LEGEND
