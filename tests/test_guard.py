"""Workbooks are measured before they are opened: zip bombs and sheets that reach too far fail with a reason,
never abort the process, and memory stays flat while they are measured."""

from __future__ import annotations

import json
import struct
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from bad_inputs import HEADER, _ods, _ods_row
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from xlsb_writer import write_xlsb

from lkdata.io import guard
from lkdata.io.extents import cell_name
from lkdata.io.guard import inspect_workbook
from lkdata.io.ingest import read_file
from lkdata.io.reference import load_reference

REF = load_reference(Path("/nonexistent"))
NS = 'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"'
_WORKBOOK = (
    f'<?xml version="1.0" encoding="UTF-8"?><workbook {NS} xmlns:r="http://schemas.openxmlformats.org/'
    'officeDocument/2006/relationships"><sheets><sheet name="Danh sách" sheetId="1" r:id="rId1"/></sheets></workbook>'
)
_RELS = (
    '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/'
    'relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
    'relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>'
)
_ROOT_RELS = (
    '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/'
    'relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
    'relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>'
)
_TYPES = (
    '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/'
    'content-types"><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/></Types>'
)
_HEADER_ROW = '<row r="1">' + "".join(
    f'<c r="{cell_name(1, j)}" t="inlineStr"><is><t>{h}</t></is></c>' for j, h in enumerate(HEADER[1:4], 1)
) + "</row>"  # fmt: skip


def _xlsx(path: Path, sheet_data: str, *, root: str = "worksheet", extra: dict[str, bytes] | None = None) -> Path:
    """A workbook written part by part, its sheet's XML as given (``root`` may carry a prefix)."""
    prefix = root.split(":")[0] + ":" if ":" in root else ""
    ns = NS.replace("xmlns=", f"xmlns:{prefix[:-1]}=") if prefix else NS
    data = f"<{prefix}sheetData>{sheet_data}</{prefix}sheetData>"
    sheet = f'<?xml version="1.0" encoding="UTF-8"?><{root} {ns}>{data}</{root}>'
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", _TYPES)
        z.writestr("_rels/.rels", _ROOT_RELS)
        z.writestr("xl/workbook.xml", _WORKBOOK)
        z.writestr("xl/_rels/workbook.xml.rels", _RELS)
        z.writestr("xl/worksheets/sheet1.xml", sheet)
        for name, data in (extra or {}).items():
            z.writestr(name, data)
    return path


def _far(fmt: str, folder: Path, row: int, col: int) -> Path:
    """A small workbook of ``fmt`` with a header and one value at (row, col), 1-based."""
    if fmt == "xlsx":
        far = f'<row r="{row}"><c r="{cell_name(row, col)}"><v>7</v></c></row>' if row > 1 else ""
        if row == 1:
            return _xlsx(
                folder / "w.xlsx", _HEADER_ROW.replace("</row>", f'<c r="{cell_name(1, col)}"><v>7</v></c></row>')
            )
        return _xlsx(folder / "w.xlsx", _HEADER_ROW + far)
    if fmt == "xlsb":
        return write_xlsb(folder / "w.xlsb", {"Danh sách": [HEADER[1:4]]}, far={"Danh sách": (row - 1, col - 1, 7)})
    if fmt == "xls":
        import xlwt

        wb = xlwt.Workbook(encoding="utf-8")
        ws = wb.add_sheet("Danh sach", cell_overwrite_ok=True)
        for j, h in enumerate(HEADER[1:4]):
            ws.write(0, j, h)
        ws.write(row - 1, col - 1, 7)
        wb.save(str(folder / "w.xls"))
        return folder / "w.xls"
    rows = [HEADER[1:4] + [None] * max(0, col - 3)] if row == 1 else [HEADER[1:4]]
    if row == 1:
        rows[0][col - 1] = 7
        body = _ods_row(rows[0])
    else:
        gap = f'<table:table-row table:number-rows-repeated="{row - 2}"><table:table-cell/></table:table-row>'
        far = (f'<table:table-row><table:table-cell table:number-columns-repeated="{col - 1}"/>'
               '<table:table-cell office:value-type="float" office:value="7"><text:p>7</text:p></table:table-cell>'
               "</table:table-row>") if col > 1 else _ods_row([7])  # fmt: skip
        body = _ods_row(rows[0]) + (gap if row > 2 else "") + far
    _ods(folder / "w.ods", body)
    return folder / "w.ods"


LIMITS = {"xlsx": (1_048_576, 16_384), "xlsb": (1_048_576, 16_384), "ods": (1_048_576, 16_384), "xls": (65_536, 256)}


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data(), fmt=st.sampled_from(sorted(LIMITS)))
def test_a_value_anywhere_is_measured_and_a_sheet_too_large_never_loaded(data, fmt, tmp_path_factory, monkeypatch):
    """Wherever the one far value lies, the sheet's extent is where it is; over the bound the sheet (or, for
    the formats whose reader loads every sheet at once, the file) fails naming that cell, never loaded."""
    monkeypatch.setattr(guard, "MAX_SHEET_CELLS", 20_000)  # a readable sheet stays small to load
    rows, cols = LIMITS[fmt]
    row = data.draw(st.one_of(st.integers(1, 60), st.integers(1, rows)), label="row")
    col = data.draw(st.one_of(st.integers(1, 40), st.integers(1, cols)), label="col")
    path = _far(fmt, tmp_path_factory.mktemp(fmt), row, col)
    extent = (max(row, 1), max(col, 3))
    rf = read_file(path, "producers", REF)  # never raises, never aborts
    if extent[0] * extent[1] <= 20_000:
        assert inspect_workbook(path).too_large("Danh sách" if fmt != "xls" else "Danh sach") is None
        assert rf.error is None and all(s.error is None or "quá lớn" not in s.error for s in rf.sheets)
        return
    said = rf.error if fmt in ("xls", "ods") else rf.sheets[0].error
    assert f"ô có dữ liệu xa nhất là {cell_name(*extent)}" in said, said
    assert f"{extent[0]:,} dòng".replace(",", ".") in said


@pytest.mark.parametrize(
    ("sheet", "extent", "root"),
    [
        # cells written without a reference: counted in order, row by row
        ("<row><c><v>1</v></c><c><v>2</v></c></row><row><c><v>3</v></c></row>", (2, 2), "worksheet"),
        # the reference not the first attribute
        ('<row r="7"><c s="0" r="D7"><v>1</v></c></row>', (7, 4), "worksheet"),
        # rows out of order: the largest wins, not the last
        ('<row r="9"><c r="B9"><v>1</v></c></row><row r="2"><c r="A2"><v>1</v></c></row>', (9, 2), "worksheet"),
        # a namespace prefix on every element
        ('<x:row r="1"><x:c r="XFD1048576"><x:v>1</x:v></x:c></x:row>', (1_048_576, 16_384), "x:worksheet"),
        # leading zeros in a reference
        ('<row r="1"><c r="C0000012"><v>1</v></c></row>', (12, 3), "worksheet"),
        # a cell formatted far away but empty: no value, so no cell the reader keeps
        (
            '<row r="2"><c r="B2"><v>1</v></c></row><row r="1048576"><c r="XFD1048576" s="1"/></row>',
            (2, 2),
            "worksheet",
        ),
    ],
)
def test_cells_written_unusually_are_measured_as_the_reader_reads_them(tmp_path, sheet, extent, root):
    path = _xlsx(tmp_path / "w.xlsx", sheet, root=root)
    got = inspect_workbook(path).extents["Danh sách"]
    assert (got.rows, got.cols) == extent
    if extent[0] * extent[1] < 1000:  # never smaller than the grid python-calamine builds
        from python_calamine import CalamineWorkbook

        grid = CalamineWorkbook.from_path(str(path)).get_sheet_by_name("Danh sách").to_python(skip_empty_area=False)
        assert got.rows >= len(grid) and got.cols >= max(map(len, grid), default=0)


def test_one_sheet_too_large_fails_alone(tmp_path):
    """The other sheets of the workbook are read."""
    import openpyxl

    wb = openpyxl.Workbook()
    wb.active.title = "KP1"
    wb.active.append(HEADER)
    wb.active.append([1, "Nguyễn Văn An", "0912345670", "Khu phố 1", 2.5, "sầu riêng", "01/3/2025"])
    far = wb.create_sheet("Nhap")
    far["XFD1048576"] = "x"
    wb.save(tmp_path / "w.xlsx")
    rf = read_file(tmp_path / "w.xlsx", "producers", REF)
    assert rf.error is None
    assert [(s.sheet, s.rows_in) for s in rf.sheets] == [("KP1", 1), ("Nhap", 0)]
    assert "XFD1048576" in rf.sheets[1].error


# --- zip bombs ------------------------------------------------------------------------------------------


def _central_entries(data: bytes):
    """(offset of each central directory entry, its part name), from the end-of-central-directory record."""
    end = data.rfind(b"PK\x05\x06")
    count, _, start = struct.unpack_from("<HII", data, end + 10)
    at = start
    for _ in range(count):
        n, m, k = struct.unpack_from("<HHH", data, at + 28)
        yield at, data[at + 46 : at + 46 + n].decode()
        at += 46 + n + m + k


def _patch_sizes(path: Path, name: str, *, size: int | None = None, flags: int | None = None, method=None) -> None:
    """Rewrite what the local and central headers of one part claim (its size, flags, compression method)."""
    data = bytearray(path.read_bytes())
    central = next(at for at, n in _central_entries(data) if n == name)
    (local,) = struct.unpack_from("<I", data, central + 42)
    for base, at_size, at_flags, at_method in ((local, 22, 6, 8), (central, 24, 8, 10)):
        if size is not None:
            struct.pack_into("<I", data, base + at_size, size)
        if flags is not None:
            struct.pack_into("<H", data, base + at_flags, flags)
        if method is not None:
            struct.pack_into("<H", data, base + at_method, method)
    path.write_bytes(bytes(data))


def _overlapping(path: Path) -> None:
    """Two parts whose central entries share one compressed stream (the 'better zip bomb' trick)."""
    _xlsx(path, _HEADER_ROW)
    data = bytearray(path.read_bytes())
    entries = dict((n, at) for at, n in _central_entries(data))
    (first,) = struct.unpack_from("<I", data, entries["xl/worksheets/sheet1.xml"] + 42)
    struct.pack_into("<I", data, entries["xl/workbook.xml"] + 42, first)
    path.write_bytes(bytes(data))


def _parts(path: Path, parts: dict[str, bytes]) -> None:
    _xlsx(path, _HEADER_ROW, extra=parts)


@pytest.mark.parametrize(
    ("make", "limits", "said"),
    [
        (lambda p: _parts(p, {"xl/media/a.bin": bytes(4 * 2**20)}), {}, "gấp"),  # 4 MB of zeros: ~1000 times
        (lambda p: _parts(p, {"xl/media/a.bin": bytes(range(256)) * 8192}), {"MAX_PART_BYTES": 2**20}, "cho một phần"),
        (
            lambda p: _parts(p, {f"xl/media/{i}.bin": bytes(range(256)) * 400 for i in range(8)}),
            {"MAX_TOTAL_BYTES": 500_000},
            "cho cả tệp",
        ),
        (
            lambda p: _parts(p, {f"xl/media/{i}.bin": b"x" for i in range(40)}),
            {"MAX_ENTRIES": 30},
            "phần nén bên trong",
        ),
        (
            lambda p: (_xlsx(p, _HEADER_ROW * 200), _patch_sizes(p, "xl/worksheets/sheet1.xml", size=100)),
            {},
            "nhiều hơn kích thước nó tự khai báo",
        ),
        (_overlapping, {}, "dùng chung dữ liệu nén"),
        (lambda p: (_xlsx(p, _HEADER_ROW), _patch_sizes(p, "xl/worksheets/sheet1.xml", flags=1)), {}, "mã hóa"),
        (
            lambda p: (_xlsx(p, _HEADER_ROW), _patch_sizes(p, "xl/worksheets/sheet1.xml", method=12)),
            {},
            "được nén theo cách Excel không dùng",
        ),
    ],
    ids=["ratio", "part", "total", "entries", "lying_size", "overlap", "encrypted", "method"],
)
def test_zip_bombs_and_odd_zips_fail_the_file_with_a_reason(tmp_path, monkeypatch, make, limits, said):
    for name, value in limits.items():
        monkeypatch.setattr(guard, name, value)
    path = tmp_path / "w.xlsx"
    make(path)
    rf = read_file(path, "producers", REF)
    assert rf.error and said in rf.error, rf.error
    assert rf.sheets == []


def test_the_samples_workbooks_pass(root: Path):
    for path in sorted((root / "data" / "raw").glob("*/*.xlsx")):
        inspection = inspect_workbook(path)
        assert inspection.extents and all(0 < e.cells <= guard.MAX_SHEET_CELLS for e in inspection.extents.values())


# --- memory ---------------------------------------------------------------------------------------------

_MEASURE = """
import json, sys
from pathlib import Path
from lkdata.io.ingest import read_file
from lkdata.io.reference import load_reference
ref = load_reference(Path("/nonexistent"))
read_file(Path(sys.argv[2]), "producers", ref)  # imports and caches warmed up on a good workbook
def kib(key):
    return int(Path("/proc/self/status").read_text().split(key + ":", 1)[1].split()[0])
Path("/proc/self/clear_refs").write_text("5")  # the peak (VmHWM) starts again from now
before = kib("VmRSS")
rf = read_file(Path(sys.argv[1]), "producers", ref)
after = kib("VmHWM")
said = rf.error or " ".join(s.error or "" for s in rf.sheets)
print(json.dumps({"grown_mib": (after - before) / 1024, "said": said}))
"""


def _bomb(path: Path, legacy: bool) -> Path:
    """3,000,000 cells in a part of 48 MB (150 MB in a .VnTime font) that packs into 50 KB (470 KB); naively
    read, several hundred MB more."""
    cell = '<c s="1" t="inlineStr"><is><t>Nguyeãn</t></is></c>' if legacy else "<c><v>1</v></c>"
    styles = (
        f'<?xml version="1.0" encoding="UTF-8"?><styleSheet {NS}><fonts count="2"><font><name val="Calibri"/></font>'
        '<font><name val=".VnTime"/></font></fonts><cellXfs count="2"><xf fontId="0"/><xf fontId="1"/></cellXfs>'
        "</styleSheet>"
    )
    body = _HEADER_ROW + ("<row>" + cell * 1000 + "</row>") * 3000
    return _xlsx(path, body, extra={"xl/styles.xml": styles.encode()})


@pytest.mark.parametrize(("kind", "legacy"), [("bomb", False), ("bomb", True), ("far_cell", False)],
                         ids=["bomb", "bomb_vntime", "far_cell"])  # fmt: skip
def test_memory_stays_flat_while_a_hostile_workbook_is_refused(tmp_path, kind, legacy):
    """Measured in a fresh process: reading the hostile workbook grows its peak memory by little, and says why
    (read without the checks, the bombs grow it by 300 to 700 MB, and the far cell aborts the process)."""
    if not Path("/proc/self/status").is_file():
        pytest.skip("the process's memory is read from /proc")
    if kind == "bomb":
        path = _bomb(tmp_path / "bom.xlsx", legacy)
        expected = "nghi là “bom nén”"
        assert path.stat().st_size < 1_000_000
    else:
        path = _xlsx(tmp_path / "xa.xlsx", _HEADER_ROW + '<row r="1048576"><c r="XFD1048576"><v>1</v></c></row>')
        expected = "ô có dữ liệu xa nhất là XFD1048576"
    good = _xlsx(tmp_path / "tot.xlsx", _HEADER_ROW)
    r = subprocess.run([sys.executable, "-c", _MEASURE, str(path), str(good)], capture_output=True, text=True,
                       encoding="utf-8", timeout=300)  # fmt: skip
    assert r.returncode == 0, r.stderr[-2000:]
    result = json.loads(r.stdout.strip().splitlines()[-1])
    assert expected in result["said"]
    assert result["grown_mib"] < 40, result


def test_a_sheet_kept_elsewhere_in_the_zip_is_measured_too(tmp_path):
    """The workbook's relationships, not the usual folder, say where a sheet is (any case, either slash)."""
    path = _xlsx(tmp_path / "w.xlsx", _HEADER_ROW)
    far = _HEADER_ROW + '<row r="1048576"><c r="XFD1048576"><v>1</v></c></row>'
    with zipfile.ZipFile(path) as src, zipfile.ZipFile(tmp_path / "moved.xlsx", "w") as dst:
        for info in src.infolist():
            data = src.read(info)
            if info.filename == "xl/worksheets/sheet1.xml":
                dst.writestr("xl\\Data\\Sheet1.XML", data.replace(_HEADER_ROW.encode(), far.encode()))
            else:
                dst.writestr(info.filename, data.replace(b"worksheets/sheet1.xml", b"data/sheet1.xml"))
    assert "XFD1048576" in inspect_workbook(tmp_path / "moved.xlsx").too_large("Danh sách")


def test_repeated_rows_of_values_in_an_ods_fail_the_file(tmp_path):
    """A few hundred bytes of XML that repeat a row of 16,384 values a million times."""
    row = (
        '<table:table-row table:number-rows-repeated="1000000"><table:table-cell table:number-columns-repeated='
        '"16384" office:value-type="float" office:value="1"><text:p>1</text:p></table:table-cell></table:table-row>'
    )
    _ods(tmp_path / "w.ods", _ods_row(HEADER) + row)
    rf = read_file(tmp_path / "w.ods", "producers", REF)
    assert "Trang tính 'Danh sách': Trang tính quá lớn để đọc: ô có dữ liệu xa nhất là XFD1000001" in rf.error
