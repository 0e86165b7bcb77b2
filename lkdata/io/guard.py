"""What a workbook may expand to, checked before any reader opens it.

A raw file comes by email or USB stick from anyone, so it is measured from its own structure first:

- **Zip-based workbooks** (``.xlsx``, ``.xlsm``, ``.xlsb``, ``.ods``: told by their content, not their
  name) are inflated part by part as a stream, never held whole: each part's real size (not the size
  its header claims), its compressed-to-uncompressed ratio after the first :data:`RATIO_GRACE_BYTES`,
  the total and the number of parts are bounded; parts that overlap (a zip "bomb" that reuses its
  data) or are encrypted or compressed by another method are refused.
- **Every sheet** is measured on the way (:mod:`.extents`): the grid from A1 to its last value is bounded
  by :data:`MAX_SHEET_CELLS`, and all sheets of a file by :data:`MAX_WORKBOOK_CELLS`.

A file over a bound fails with a message naming the part or the sheet and what to do; a sheet over its
bound fails alone where the reader loads sheets one at a time (``.xlsx``, ``.xlsb``), the whole file
where it loads them all at once (``.xls``, ``.ods``). The bounds are module constants (tests lower them).
"""

from __future__ import annotations

import itertools
import posixpath
import re
import struct
import zipfile
import zlib
from collections.abc import Iterator
from pathlib import Path

from ..errors import FileReadError
from ..vn.fmt import fmt_number
from .extents import BinSheetScan, Extent, OdsScan, XmlSheetScan, cell_name, xls_extents, xlsb_sheet_parts

__all__ = [
    "MAX_ENTRIES",
    "MAX_PART_BYTES",
    "MAX_RATIO",
    "MAX_SHEET_CELLS",
    "MAX_TOTAL_BYTES",
    "MAX_WORKBOOK_CELLS",
    "RATIO_GRACE_BYTES",
    "Inspection",
    "inspect_workbook",
    "sheet_too_large",
]

#: Parts a workbook may hold (a workbook has tens; a zip made to exhaust a reader has thousands).
MAX_ENTRIES = 10_000
#: What one part may inflate to (a sheet of 200,000 rows by 12 columns is about 115 MiB).
MAX_PART_BYTES = 256 * 2**20
#: What all parts together may inflate to.
MAX_TOTAL_BYTES = 512 * 2**20
#: How many times larger than its compressed data a part may be (workbooks are 5 to 30 times; Apache
#: POI's zip-bomb guard uses 100 too), once it is over :data:`RATIO_GRACE_BYTES`.
MAX_RATIO = 100
RATIO_GRACE_BYTES = 2**20
#: The cells of the grid from A1 to a sheet's last value (the reader holds all of them), per sheet and per file.
MAX_SHEET_CELLS = 5_000_000
MAX_WORKBOOK_CELLS = 10_000_000

_CHUNK = 1 << 20
_META_BYTES = 16 * 2**20  # workbook.xml, its relationships: read whole, so bounded lower
_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_FIX = (
    "hỏi lại người gửi, hoặc mở tệp bằng Excel, kiểm tra rồi lưu lại (hoặc lưu thành CSV) trước khi chép vào thư "
    "mục dữ liệu"
)


class Inspection:
    """What :func:`inspect_workbook` measured: each sheet's extent, by sheet name, when it could tell."""

    def __init__(self, extents: dict[str, Extent] | None = None, fallback: Extent | None = None) -> None:
        self.extents = extents or {}
        self.fallback = fallback  # the largest sheet part no sheet name led to: any sheet not found may be it

    def too_large(self, sheet: str) -> str | None:
        """Why a sheet must not be loaded, or ``None``."""
        extent = self.extents.get(sheet, self.fallback)
        return sheet_too_large(extent) if extent is not None else None


def _size(n: int) -> str:
    if n >= 2**20:
        return f"{fmt_number(n / 2**20, 1)} MB"
    return f"{fmt_number(max(1, round(n / 1024)))} KB"


def sheet_too_large(extent: Extent, limit: int | None = None) -> str | None:
    """The reason a sheet's grid is too large to read, or ``None``."""
    limit = MAX_SHEET_CELLS if limit is None else limit
    if extent.cells <= limit:
        return None
    last = cell_name(extent.rows, extent.cols)
    said = extent.declared
    declared = f" (tệp tự khai báo vùng {said})" if said and said not in (last, f"A1:{last}") else ""
    return (
        f"Trang tính quá lớn để đọc: ô có dữ liệu xa nhất là {last}, nên vùng phải đọc từ A1 đến {last} gồm "
        f"{fmt_number(extent.rows)} dòng × {fmt_number(extent.cols)} cột = {fmt_number(extent.cells)} ô{declared}, "
        f"vượt giới hạn {fmt_number(limit)} ô. Nếu đó là ô gõ nhầm ở xa bảng, xóa các dòng, cột thừa rồi lưu lại; "
        "nếu bảng thật sự lớn như vậy, chia thành nhiều tệp hoặc lưu thành CSV"
    )


def _bomb(what: str, packed: int, why: str) -> FileReadError:
    """``what`` (a part, or the whole file) ``packed`` into so many bytes inflates ``why``."""
    return FileReadError(
        f"Tệp giải nén quá lớn, nghi là “bom nén” (zip bomb): {what} nén {_size(packed)} nhưng giải nén "
        f"{why}; lkdata không mở tệp này để khỏi làm treo máy: {_FIX}"
    )


def _inflate(f, info: zipfile.ZipInfo, limit: int) -> Iterator[bytes]:
    """A part's real bytes, inflated from its compressed data in chunks; stops past ``limit`` bytes."""
    f.seek(info.header_offset)
    local = f.read(30)
    if len(local) < 30 or local[:4] != b"PK\x03\x04":
        raise FileReadError(f"Tệp Excel bị hỏng: không tìm thấy phần {info.filename}")
    name_len, extra_len = struct.unpack("<HH", local[26:30])
    f.seek(info.header_offset + 30 + name_len + extra_len)
    left = info.compress_size
    inflater = zlib.decompressobj(-15) if info.compress_type == zipfile.ZIP_DEFLATED else None
    produced = 0
    while left > 0 and produced <= limit:
        data = f.read(min(left, 1 << 16))
        if not data:
            break
        left -= len(data)
        if inflater is None:
            produced += len(data)
            yield data
            continue
        try:
            out = inflater.decompress(data, _CHUNK)
            while True:
                produced += len(out)
                yield out
                if not inflater.unconsumed_tail or produced > limit:
                    break
                out = inflater.decompress(inflater.unconsumed_tail, _CHUNK)
        except zlib.error as exc:
            raise FileReadError(f"Tệp Excel bị hỏng: phần {info.filename} không giải nén được ({exc})") from exc
        if inflater.eof:
            break


def _check_entries(infos: list[zipfile.ZipInfo], file_size: int) -> None:
    if len(infos) > MAX_ENTRIES:
        raise FileReadError(
            f"Tệp có {fmt_number(len(infos))} phần nén bên trong (một tệp Excel chỉ có vài chục), vượt giới hạn "
            f"{fmt_number(MAX_ENTRIES)}: lkdata không mở tệp này; {_FIX}"
        )
    ends = []
    for info in infos:
        if info.flag_bits & 0x1:
            raise FileReadError(
                "Không đọc được tệp: các phần bên trong được mã hóa (có mật khẩu); lưu lại không có mật khẩu"
            )
        if info.compress_type not in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED):
            raise FileReadError(f"Không đọc được tệp: phần {info.filename} được nén theo cách Excel không dùng; {_FIX}")
        if info.file_size > MAX_PART_BYTES:
            raise _bomb(f"phần {info.filename}", info.compress_size,
                        f"ra {_size(info.file_size)}, vượt giới hạn {_size(MAX_PART_BYTES)} cho một phần")  # fmt: skip
        if info.file_size > RATIO_GRACE_BYTES and info.file_size > MAX_RATIO * max(info.compress_size, 1):
            ratio = fmt_number(info.file_size // max(info.compress_size, 1))
            why = f"ra {_size(info.file_size)}, gấp {ratio} lần (giới hạn {MAX_RATIO} lần)"
            raise _bomb(f"phần {info.filename}", info.compress_size, why)
        ends.append((info.header_offset, info.header_offset + 30 + len(info.filename) + info.compress_size, info))
    total = sum(i.file_size for i in infos)
    if total > MAX_TOTAL_BYTES:
        raise _bomb("cả tệp", sum(i.compress_size for i in infos),
                    f"ra {_size(total)}, vượt giới hạn {_size(MAX_TOTAL_BYTES)} cho cả tệp")  # fmt: skip
    ends.sort(key=lambda e: e[0])
    for (start, end, info), (following, _, other) in itertools.pairwise(ends):
        if following < end or start >= file_size:
            raise FileReadError(
                f"Tệp bất thường, nghi là “bom nén” (zip bomb): phần {info.filename} và {other.filename} dùng chung "
                f"dữ liệu nén; lkdata không mở tệp này; {_FIX}"
            )


def _norm(name: str) -> str:
    """A part's name as python-calamine looks it up: ``/`` for ``\\``, any case."""
    return name.replace("\\", "/").lower()


_META = ("xl/workbook.xml", "xl/_rels/workbook.xml.rels", "xl/workbook.bin", "xl/_rels/workbook.bin.rels")


def _zip_kind(names: set[str]) -> str:
    if "xl/workbook.bin" in names:
        return "xlsb"
    if "content.xml" in names and "xl/workbook.xml" not in names:
        return "ods"
    return "xlsx"


def _new_scan(kind: str):
    return {"xlsx": XmlSheetScan, "xlsb": BinSheetScan, "ods": OdsScan}[kind]()


def _is_sheet_part(name: str, kind: str) -> bool:
    if kind == "ods":
        return name == "content.xml"
    return re.fullmatch(rf"xl/worksheets/[^/]+\.{'bin' if kind == 'xlsb' else 'xml'}", name) is not None


class _ZipPass:
    """Every part of a zip inflated once, as a stream: real sizes checked, sheet parts measured."""

    def __init__(self, f, infos: list[zipfile.ZipInfo], kind: str) -> None:
        self.f, self.infos, self.kind = f, infos, kind
        self.total = 0
        self.scans: dict[str, object] = {}
        self.meta: dict[str, bytes] = {}
        self.measured: set[str] = set()  # parts measured value by value

    def part(self, info: zipfile.ZipInfo, scan=None, keep: bool = False, count: bool = True) -> None:
        real = 0
        kept = []
        for chunk in _inflate(self.f, info, min(info.file_size, MAX_PART_BYTES)):
            real += len(chunk)
            if real > info.file_size:
                raise _bomb(f"phần {info.filename}", info.compress_size,
                            f"ra nhiều hơn kích thước nó tự khai báo ({_size(info.file_size)})")  # fmt: skip
            if scan is not None:
                scan.feed(chunk)
            if keep and real <= _META_BYTES:
                kept.append(chunk)
        if real > RATIO_GRACE_BYTES and real > MAX_RATIO * max(info.compress_size, 1):
            ratio = fmt_number(real // max(info.compress_size, 1))
            raise _bomb(
                f"phần {info.filename}",
                info.compress_size,
                f"ra {_size(real)}, gấp {ratio} lần (giới hạn {MAX_RATIO} lần)",
            )
        if count:
            self.total += real
        if self.total > MAX_TOTAL_BYTES:
            packed = sum(i.compress_size for i in self.infos)
            raise _bomb("cả tệp", packed, f"ra hơn {_size(MAX_TOTAL_BYTES)}, vượt giới hạn cho cả tệp")
        if scan is not None:
            self.scans[_norm(info.filename)] = scan.finish()
        if keep:
            self.meta[_norm(info.filename)] = b"".join(kept)

    def run(self) -> None:
        for info in self.infos:
            name = _norm(info.filename)
            scan = _new_scan(self.kind) if _is_sheet_part(name, self.kind) else None
            self.part(info, scan, keep=name in _META)
        self.exact()

    def exact(self) -> None:
        """Measure again, value by value, the sheet parts whose quick upper bound is too large."""
        by_name = {_norm(i.filename): i for i in self.infos}
        for name, extent in list(self.scans.items()):
            if self.kind == "xlsx" and extent.cells > MAX_SHEET_CELLS and name not in self.measured:
                self.measured.add(name)
                self.part(by_name[name], XmlSheetScan(exact=True), count=False)


def _inspect_zip(path: Path) -> Inspection | None:
    try:
        z = zipfile.ZipFile(path)
    except (zipfile.BadZipFile, OSError, ValueError, EOFError):
        return None  # not a zip after all: the reader says what it is
    with z, open(path, "rb") as f:
        infos = z.infolist()
        _check_entries(infos, path.stat().st_size)
        kind = _zip_kind({_norm(i.filename) for i in infos})
        zpass = _ZipPass(f, infos, kind)
        zpass.run()
        if kind == "ods":
            sheets = zpass.scans.get("content.xml") or {}
            _check_workbook_cells(sheets, eager=True)
            return Inspection(sheets)
        sheets = _sheet_targets(kind, zpass.meta)
        by_name = {_norm(i.filename): i for i in infos}
        for _, part in sheets:  # a sheet kept outside xl/worksheets/: measured too
            if part in by_name and part not in zpass.scans:
                zpass.part(by_name[part], _new_scan(kind), count=False)
        zpass.exact()
    extents = {name: zpass.scans[part] for name, part in sheets if part in zpass.scans}
    named = {part for _, part in sheets}
    unnamed = [e for part, e in zpass.scans.items() if part not in named]
    inspection = Inspection(extents, max(unnamed, key=lambda e: e.cells) if unnamed else None)
    _check_workbook_cells({**extents, **({"": inspection.fallback} if unnamed else {})}, eager=False)
    return inspection


def _sheet_targets(kind: str, meta: dict[str, bytes]) -> list[tuple[str, str]]:
    """(sheet name, part) of each sheet, through the workbook's list of sheets and its relationships."""
    import html

    rels_xml = meta.get(f"xl/_rels/workbook.{'bin' if kind == 'xlsb' else 'xml'}.rels", b"").decode("utf-8", "replace")
    targets = {}
    for attrs in re.findall(r"<(?:[\w.-]+:)?Relationship\b([^>]*)>", rels_xml):
        a = dict(re.findall(r'([\w:]+)\s*=\s*"([^"]*)"', attrs))
        target = html.unescape(a.get("Target", ""))
        targets[a.get("Id", "")] = target.lstrip("/") if target.startswith("/") else posixpath.normpath("xl/" + target)
    if kind == "xlsb":
        sheets = xlsb_sheet_parts(meta.get("xl/workbook.bin", b""))
    else:
        workbook = meta.get("xl/workbook.xml", b"").decode("utf-8", "replace")
        sheets = []
        for attrs in re.findall(r"<(?:[\w.-]+:)?sheet\b([^>]*)>", workbook):
            a = dict(re.findall(r'([\w:]+)\s*=\s*"([^"]*)"', attrs))
            rid = next((v for k, v in a.items() if k.endswith(":id")), "")
            sheets.append((html.unescape(a.get("name", "")), rid))
    return [(name, _norm(targets.get(rid, ""))) for name, rid in sheets]


def _check_workbook_cells(extents: dict[str, Extent], eager: bool) -> None:
    """All sheets together (and, where the reader loads them all at once, each one) within bounds."""
    if eager:
        for name, extent in extents.items():
            if reason := sheet_too_large(extent):
                raise FileReadError(f"Trang tính '{name}': {reason}")
    total = sum(e.cells for e in extents.values() if e.cells <= MAX_SHEET_CELLS or eager)
    if total > MAX_WORKBOOK_CELLS:
        big = sorted(extents.items(), key=lambda kv: -kv[1].cells)[:3]
        shown = ", ".join(f"'{n}' {fmt_number(e.cells)} ô" for n, e in big if n)
        raise FileReadError(
            f"Tệp quá lớn để đọc: các trang tính cộng lại cần {fmt_number(total)} ô (từ A1 đến ô có dữ liệu xa "
            f"nhất của từng trang; lớn nhất: {shown}), vượt giới hạn {fmt_number(MAX_WORKBOOK_CELLS)} ô. Xóa các dòng, "
            "cột thừa, hoặc chia thành nhiều tệp"
        )


def inspect_workbook(path: Path) -> Inspection:
    """Measure a workbook before it is opened; refuse it when it would expand beyond the bounds.

    Raises
    ------
    FileReadError
        A zip bomb, an encrypted or oddly compressed zip, or a workbook whose sheets need too many cells.
    """
    path = Path(path)
    with open(path, "rb") as f:
        magic = f.read(8)
    if magic.startswith(b"PK"):
        return _inspect_zip(path) or Inspection()
    if magic == _OLE_MAGIC:
        try:
            extents = xls_extents(path)
        except Exception as exc:  # olefile raises several kinds on a damaged container
            raise FileReadError(f"Không đọc được tệp Excel (tệp hỏng hoặc không phải Excel): {exc}") from exc
        if extents:
            _check_workbook_cells(extents, eager=True)
        return Inspection(extents)
    return Inspection()
