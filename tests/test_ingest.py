"""Reading raw files: encodings, delimiters, header rows, totals, failures that name the file."""

from __future__ import annotations

import unicodedata
from pathlib import Path

import openpyxl
import pytest
from hypothesis import given
from hypothesis import strategies as st

from lkdata.errors import FileReadError
from lkdata.io.ingest import find_files, read_file
from lkdata.io.reference import load_reference
from lkdata.io.text_files import decode_bytes

REF = load_reference()
HEADER = ["STT", "Họ và tên", "SĐT", "Khu phố", "Diện tích (ha)", "Cây trồng"]
ROWS = [
    [1, "Nguyễn Văn Ba", "0912345678", "KP1", "2,5", "Sầu riêng"],
    [2, "Lê Thị Hòa", "0987654321", "KP2", "1,2", "Chôm chôm"],
]


TONES = "\u0300\u0301\u0303\u0309\u0323"


def cp1258_form(text: str) -> str:
    """Text as Windows-1258 stores it: letters with their vowel marks precomposed, tones combining."""
    out = []
    for ch in unicodedata.normalize("NFC", text):
        nfd = unicodedata.normalize("NFD", ch)
        tones = "".join(c for c in nfd if c in TONES)
        out.append(unicodedata.normalize("NFC", "".join(c for c in nfd if c not in TONES)) + tones)
    return "".join(out)


def _encode(text: str, encoding: str) -> bytes:
    return cp1258_form(text).encode("cp1258") if encoding == "cp1258" else text.encode(encoding)


def _csv(path: Path, sep: str, encoding: str) -> Path:
    lines = [sep.join(HEADER)] + [sep.join(str(v) for v in r) for r in ROWS]
    path.write_bytes(_encode("\r\n".join(lines), encoding))
    return path


@pytest.mark.parametrize(
    ("sep", "encoding"),
    [(";", "utf-8-sig"), (",", "utf-8"), ("\t", "utf-16"), (";", "cp1258"), ("\t", "utf-8"), (",", "utf-8-sig")],
)
def test_csv_encodings_and_delimiters_are_detected(tmp_path, sep, encoding):
    if sep == ",":
        rows = [[str(v).replace(",", ".") for v in r] for r in ROWS]
        lines = [sep.join(HEADER)] + [sep.join(r) for r in rows]
        (tmp_path / "x.csv").write_bytes(_encode("\r\n".join(lines), encoding))
    else:
        _csv(tmp_path / "x.csv", sep, encoding)
    rf = read_file(tmp_path / "x.csv", "producers", REF)
    assert rf.error is None
    (sheet,) = rf.sheets
    assert sheet.header_row == 1
    assert list(sheet.frame["name"]) == ["Nguyễn Văn Ba", "Lê Thị Hòa"]
    assert list(sheet.frame["source_row"]) == [2, 3]


def test_cp1258_text_is_composed_to_nfc():
    text, enc = decode_bytes(_encode("Họ và tên;Khu phố\nNguyễn Văn Ba;KP1\n", "cp1258") * 20)
    assert enc == "cp1258"
    assert "Nguyễn Văn Ba" in text


@pytest.mark.parametrize("data", [b"", b"   \n  ", bytes(range(256)) * 50])
def test_empty_or_binary_text_is_a_clear_error(data):
    with pytest.raises(FileReadError):
        decode_bytes(data)


def _workbook(path: Path, rows_above: int = 3, totals: bool = True, hidden: bool = False) -> Path:
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "KP1"
    for i in range(rows_above):
        ws.append(["UBND PHƯỜNG LONG KHÁNH" if i == 0 else None])
    ws.append(HEADER)
    for r in ROWS:
        ws.append(r)
    ws.append([None] * 6)  # a blank row inside the data
    ws.append(HEADER)  # a header pasted again
    ws.append([3, "Trần Văn Cường", "0903111222", "Kp.3", "25.000 m2", "bơ"])
    if totals:
        ws.append([None, "Tổng cộng", None, None, 6.2, None])
    if hidden:
        lookup = wb.create_sheet("DanhMuc")
        lookup.append(["Khu phố"])
        lookup.sheet_state = "hidden"
    wb.save(path)
    return path


def test_workbook_header_below_title_rows_totals_and_repeated_header(tmp_path):
    rf = read_file(_workbook(tmp_path / "w.xlsx", rows_above=3, hidden=True), "producers", REF)
    assert rf.error is None
    (sheet,) = rf.sheets
    assert sheet.header_row == 4
    assert list(sheet.frame["source_row"]) == [5, 6, 9]
    assert sorted(sheet.skipped["reason"]) == ["Dòng tiêu đề lặp lại (bỏ qua)", "Dòng tổng cộng (bỏ qua)"]
    assert sheet.rows_in == 5
    assert sheet.units == {"farm_area": "ha"}
    assert any("DanhMuc" in n for n in rf.notes)  # hidden lookup sheets are skipped, and said so


def test_header_on_row_15(tmp_path):
    rf = read_file(_workbook(tmp_path / "w.xlsx", rows_above=14), "producers", REF)
    assert rf.sheets[0].header_row == 15


def test_missing_required_column_fails_the_sheet_naming_file_sheet_column_and_aliases(tmp_path):
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Danh sách"
    ws.append(["STT", "Họ và tên", "SĐT", "Diện tích"])
    ws.append([1, "Nguyễn Văn Ba", "0912345678", "2"])
    wb.save(tmp_path / "w.xlsx")
    rf = read_file(tmp_path / "w.xlsx", "producers", REF)
    (sheet,) = rf.sheets
    assert "Thiếu cột bắt buộc 'Khu phố'" in sheet.error
    assert "đã thử: Khu phố, KP" in sheet.error
    assert len(sheet.frame) == 1  # its rows are kept, to be quarantined


def test_unmapped_columns_are_reported(tmp_path):
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["STT", "Họ và tên", "Khu phố", "Màu áo yêu thích"])
    ws.append([1, "Nguyễn Văn Ba", "KP1", "xanh"])
    wb.save(tmp_path / "w.xlsx")
    assert read_file(tmp_path / "w.xlsx", "producers", REF).sheets[0].unmapped == ["Màu áo yêu thích"]


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("garbage.xlsx", b"this is not a workbook at all" * 10),
        ("empty.xlsx", b""),
        ("empty.csv", b""),
        ("truncated.xlsx", None),
    ],
)
def test_unreadable_files_fail_with_a_message_never_raise(tmp_path, name, content):
    path = tmp_path / name
    if content is None:
        data = _workbook(tmp_path / "ok.xlsx").read_bytes()
        path.write_bytes(data[: len(data) // 2])
    else:
        path.write_bytes(content)
    rf = read_file(path, "producers", REF)
    assert rf.error and rf.sheets == []
    assert rf.rel == f"producers/{name}"


def test_find_files_skips_excel_lock_files_and_other_types(tmp_path):
    folder = tmp_path / "producers"
    folder.mkdir()
    for n in ("a.xlsx", "~$a.xlsx", "b.csv", "notes.docx", ".hidden.csv", "c.XLS"):
        (folder / n).write_bytes(b"x")
    assert [p.name for p in find_files(tmp_path, "producers")] == ["a.xlsx", "b.csv", "c.XLS"]


@pytest.mark.parametrize(
    ("body", "rows"),
    [
        # a blank line and a ragged line: rows 2 and 4, as Excel numbers them
        ("STT;Họ và tên;Khu phố\n1;Nguyễn Văn Ba;KP1\n\n2;Lê Thị Hòa;KP2;ghi chú thừa\n", [2, 4]),
        # a line break inside a quoted cell: Excel shows that record as one row
        ('STT;Họ và tên;Khu phố\n1;"Nguyễn Văn\nBa";KP1\n2;Lê Thị Hòa;KP2\n', [2, 3]),
        # a regular file, read by the fast reader
        ("STT;Họ và tên;Khu phố\n1;Nguyễn Văn Ba;KP1\n2;Lê Thị Hòa;KP2\n", [2, 3]),
    ],
)
def test_csv_row_numbers_survive_blank_ragged_and_multiline_rows(tmp_path, body, rows):
    (tmp_path / "x.csv").write_text(body, encoding="utf-8")
    (sheet,) = read_file(tmp_path / "x.csv", "producers", REF).sheets
    assert list(sheet.frame["khu_pho"]) == ["KP1", "KP2"]
    assert list(sheet.frame["source_row"]) == rows


def test_font_hints_land_on_the_right_cells_when_a_column_is_empty(tmp_path):
    """An empty column A (dropped on reading) must not shift the legacy-font hints."""
    import xlsxwriter

    from lkdata.vn.text import to_legacy

    path = tmp_path / "w.xlsx"
    wb = xlsxwriter.Workbook(str(path))
    ws = wb.add_worksheet("KP1")
    vn = wb.add_format({"font_name": ".VnTime"})
    ws.write_row(0, 1, ["STT", "Họ và tên", "Khu phố"])  # column A left empty
    ws.write_row(1, 1, [1, "Lê Văn Tú", "KP1"])
    ws.write(2, 1, 2)
    ws.write_string(2, 2, to_legacy("Lê Văn Tú", "tcvn3"), vn)  # "Lª V¨n Tó"
    ws.write(2, 3, "KP1")
    ws.write(3, 1, 3)
    ws.write_string(3, 2, "Tó", vn)  # reads validly as Unicode: only the font says it is TCVN3
    ws.write(3, 3, "KP1")
    wb.close()
    (sheet,) = read_file(path, "producers", REF).sheets
    assert [h if isinstance(h, str) else None for h in sheet.frame["_hint_name"]] == [None, "tcvn3", "tcvn3"]


def test_missing_column_message_lists_the_aliases_actually_tried(tmp_path):
    import shutil
    from importlib import resources

    import yaml

    from lkdata.io.reference import load_reference

    override = tmp_path / "reference"
    override.mkdir()
    shutil.copy(Path(str(resources.files("lkdata") / "reference" / "headers.yaml")), override / "headers.yaml")
    headers = yaml.safe_load((override / "headers.yaml").read_text(encoding="utf-8"))
    headers["producers"]["khu_pho"] = ["Tổ dân phố", "TDP"]
    (override / "headers.yaml").write_text(yaml.safe_dump(headers, allow_unicode=True), encoding="utf-8")
    wb = openpyxl.Workbook()
    wb.active.append(["STT", "Họ và tên", "SĐT"])
    wb.active.append([1, "Nguyễn Văn Ba", "0912345678"])
    wb.save(tmp_path / "w.xlsx")
    (sheet,) = read_file(tmp_path / "w.xlsx", "producers", load_reference(override)).sheets
    assert "Thiếu cột bắt buộc 'Tổ dân phố' (đã thử: Tổ dân phố, TDP)" in sheet.error


_SPACES = [chr(i) for i in range(0x3001) if chr(i).isspace()] + ["\u200b", "\ufeff", "x", "á"]


@given(st.lists(st.one_of(st.none(), st.text(st.sampled_from(_SPACES), max_size=4), st.text(max_size=4))))
def test_a_text_cell_is_blank_when_missing_empty_or_only_white_space(cells):
    """CSV (Arrow text) and workbook (Python objects) columns agree on which cells are blank."""
    import pandas as pd

    from lkdata.io.ingest import _blank_cells

    as_text = _blank_cells(pd.Series(cells, dtype="string[pyarrow]"))
    as_objects = _blank_cells(pd.Series(cells, dtype=object))
    assert list(as_text) == list(as_objects) == [c is None or not c.strip() for c in cells]


_LABELS = ["Tổng cộng", " Cộng ", "TỔNG SỐ", "Tong cong", "cộng:", "Trần Văn Tổng", "Cao Thị Cộng", "Tổng", "C", "t"]


@given(st.lists(st.one_of(st.none(), st.sampled_from(_LABELS), st.text(max_size=6)), max_size=30))
def test_totals_labels_are_found_alike_in_text_and_workbook_columns(cells):
    """A totals label (``Tổng cộng``, ``Cộng``...) is found in a CSV column, each distinct cell folded
    once (cells repeat), as in a workbook column."""
    import pandas as pd

    from lkdata.io.totals import label_cells

    as_text = label_cells(pd.Series(cells, dtype="string[pyarrow]"))
    as_objects = label_cells(pd.Series(cells, dtype=object))
    assert list(as_text) == list(as_objects)
    assert as_text[[i for i, c in enumerate(cells) if c in ("Tổng cộng", " Cộng ", "TỔNG SỐ")]].all()


# --- totals rows: by their shape, never by a folded word --------------------------------------------------

_HOUSEHOLD = [None, "0912345678", "KP1", "2,5", "Sầu riêng"]


@pytest.mark.parametrize(
    "name",
    ["Tống Công", "Tông Cống", "Tống Cống", "Cộng", "Tổng", "Tổng Cộng", "Tong Cong", "TỐNG CÔNG", "Cống",
     "Trần Văn Tổng", "Cao Thị Cộng", "Tổng Văn Cộng"],
)  # fmt: skip
@pytest.mark.parametrize("as_csv", [False, True])
def test_a_household_whose_name_folds_to_a_totals_label_is_kept(tmp_path, name, as_csv):
    """A name is never a totals label when the row names a record: a phone, a row number, a crop beside it."""
    rows = [ROWS[0], [2, name, *_HOUSEHOLD[1:]], [3, "Lê Thị Hòa", "0987654321", "KP2", "1,2", "Chôm chôm"]]
    path = _sheet_file(tmp_path, rows, as_csv)
    (sheet,) = read_file(path, "producers", REF).sheets
    assert list(sheet.frame["name"]) == ["Nguyễn Văn Ba", name, "Lê Thị Hòa"] and sheet.skipped.empty


@pytest.mark.parametrize(
    ("row", "why"),
    [
        ([None, "Tổng cộng", None, None, 3.7, None], "the label in the name column, the sum beside it"),
        (["Tổng cộng", None, None, None, 3.7, None], "the label in the STT column"),
        (["Cộng", "2 hộ", None, None, 3.7, None], "a count where a name would be"),
        ([None, "Cộng:", None, None, None, None], "at the bottom, nothing else"),
        ([None, "TỔNG SỐ", None, None, None, None], "in capitals"),
        ([None, "Tong cong", None, None, 3.7, None], "typed without marks"),
        ([None, "Cộng KP1", None, "KP1", 3.7, None], "a subtotal of a khu phố"),
        ([None, "Tổng cộng khu phố 1", None, None, 3.7, None], "a subtotal, in words"),
        ([3, "Tổng cộng", None, None, 3.7, None], "numbered, and its number is the sum of the rows above"),
    ],
)
@pytest.mark.parametrize("as_csv", [False, True])
def test_a_totals_row_in_any_shape_is_skipped(tmp_path, row, why, as_csv):
    rows = [[1, "Nguyễn Văn Ba", "0912345678", "KP1", 2.5, "Sầu riêng"],
            [2, "Lê Thị Hòa", "0987654321", "KP1", 1.2, "Chôm chôm"], row]  # fmt: skip
    (sheet,) = read_file(_sheet_file(tmp_path, rows, as_csv), "producers", REF).sheets
    assert list(sheet.frame["name"]) == ["Nguyễn Văn Ba", "Lê Thị Hòa"], why
    assert list(sheet.skipped["reason"]) == ["Dòng tổng cộng (bỏ qua)"], why


def test_a_numbered_labelled_row_whose_numbers_are_no_sum_is_a_record(tmp_path):
    rows = [[1, "Nguyễn Văn Ba", "0912345678", "KP1", 2.5, "Sầu riêng"], [2, "Cộng", None, "KP1", 1.2, None]]
    (sheet,) = read_file(_sheet_file(tmp_path, rows, False), "producers", REF).sheets
    assert list(sheet.frame["name"]) == ["Nguyễn Văn Ba", "Cộng"] and sheet.skipped.empty


def test_subtotals_and_a_grand_total_are_all_skipped(tmp_path):
    rows = [[1, "Nguyễn Văn Ba", "0912345678", "KP1", 2.5, "Sầu riêng"], [None, "Cộng KP1", None, None, 2.5, None],
            [2, "Lê Thị Hòa", "0987654321", "KP2", 1.2, "Chôm chôm"], [None, "Cộng KP2", None, None, 1.2, None],
            [9, "Tổng cộng", None, None, 3.7, None]]  # fmt: skip
    (sheet,) = read_file(_sheet_file(tmp_path, rows, False), "producers", REF).sheets
    assert list(sheet.frame["name"]) == ["Nguyễn Văn Ba", "Lê Thị Hòa"] and len(sheet.skipped) == 3


def _sheet_file(folder: Path, rows: list[list], as_csv: bool) -> Path:
    if as_csv:
        path = folder / "ds.csv"
        lines = [";".join(HEADER)] + [";".join("" if v is None else str(v).replace(".", ",") for v in r) for r in rows]
        path.write_text("\n".join(lines), encoding="utf-8")
        return path
    wb = openpyxl.Workbook()
    wb.active.append(HEADER)
    for r in rows:
        wb.active.append(r)
    path = folder / "ds.xlsx"
    wb.save(path)
    return path


_CELLS = st.text(alphabet="abc ăơư123,.", min_size=0, max_size=8).filter(lambda t: t.strip() == t)


@given(
    rows=st.lists(st.lists(_CELLS, min_size=4, max_size=4), min_size=2, max_size=8),
    at=st.tuples(st.integers(0, 7), st.integers(0, 3)),
    sep=st.sampled_from([";", ",", "\t"]),
    newline=st.sampled_from(["\n", "\r\n"]),
    closed_later=st.booleans(),
)
def test_a_stray_quote_never_swallows_the_lines_after_it(tmp_path_factory, rows, at, sep, newline, closed_later):
    """A quote opened in any cell and never closed on its line (or closed lines later by another stray quote):
    every line of the file stays a row, so no row is lost without a word."""
    from lkdata.io.text_files import read_text_table

    rows = [[c.replace(sep, " ") for c in r] for r in rows]
    i, j = at[0] % len(rows), at[1]
    rows[i][j] = '"' + rows[i][j]
    if closed_later and i + 1 < len(rows):
        rows[-1][0] = rows[-1][0] + '"'
    lines = [sep.join(["Họ và tên chủ hộ", "Khu phố", "Diện tích", "Ghi chú"])] + [sep.join(r) for r in rows]
    path = tmp_path_factory.mktemp("csv") / "ds.csv"
    path.write_bytes(newline.join(lines).encode("utf-8"))
    frame, _ = read_text_table(path)
    assert len(frame) == len(lines)
