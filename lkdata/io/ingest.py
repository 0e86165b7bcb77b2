"""Find and read raw files: every sheet, the header row, canonical field names, provenance.

This is the only module that reads raw files. It never raises on a file's content: a file that
cannot be read comes back with ``error`` set, a sheet that lacks a required column with its own
``error`` (its rows are kept, to be quarantined with that reason).
"""

from __future__ import annotations

import hashlib
import logging
import re
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

from ..clean.catalogues import Reference
from ..clean.fields import fields, free_text, required_columns
from ..clean.guess import propose_field
from ..clean.quarantine import SKIPPED
from ..clean.resolve import key
from ..config import DATASETS
from ..errors import FileReadError
from ..vn.columns import STR, arrow
from ..vn.text import fold
from .discover import EXTENSIONS, TEXT_EXTENSIONS, _escape_controls, discover, shown_name
from .fonts import CellFonts, font_hints
from .guard import Inspection, inspect_workbook
from .headers import AREA_UNITS, SCAN_ROWS, HeaderPick, column_letter, header_index, pick_header
from .text_files import read_text_table
from .totals import label_cells, totals_rows

__all__ = ["EXTENSIONS", "REQUIRED", "TEXT_EXTENSIONS", "RawFile", "RawSheet", "find_files", "read_file"]

log = logging.getLogger("lkdata")

#: Columns a sheet must have, per dataset (one of each tuple), from the field registry.
REQUIRED: dict[str, tuple[tuple[str, ...], ...]] = {d: required_columns(d) for d in DATASETS}
#: Unused columns whose values are looked at for a proposal, per sheet, and the data rows looked at.
_PROPOSE_COLUMNS = 30
_PROPOSE_ROWS = 2000
#: Sheets named like this hold instructions or lookup lists, not data (folded: "Hướng dẫn", "Danh mục").
INSTRUCTION_SHEETS = ("huong dan", "danh muc")


@dataclass
class RawSheet:
    """One sheet's data rows, with canonical field columns holding the raw cells."""

    sheet: str
    header_row: int | None = None
    frame: pd.DataFrame = field(default_factory=pd.DataFrame)  # fields + source_row (+ _hint_<field>)
    skipped: pd.DataFrame = field(default_factory=pd.DataFrame)  # source_row, reason + fields
    unmapped: list[str] = field(default_factory=list)
    units: dict[str, str] = field(default_factory=dict)  # field -> unit written in its header
    notes: list[str] = field(default_factory=list)  # headers read as near misses
    proposals: list[str] = field(default_factory=list)  # the field an unused column's values look like
    error: str | None = None

    @property
    def rows_in(self) -> int:
        return len(self.frame) + len(self.skipped)


@dataclass
class RawFile:
    """A raw file as read: its sheets, or the error that kept it from being read."""

    dataset: str
    path: Path
    rel: str
    sha256: str = ""
    encoding: str | None = None
    sheets: list[RawSheet] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    error: str | None = None


def find_files(raw: Path, dataset: str) -> list[Path]:
    """The raw files of a dataset that a clean reads, in a stable order (:func:`.discover.discover` decides)."""
    return discover(Path(raw)).paths(dataset)


# --- cells -------------------------------------------------------------------------------------


def _read_workbook(path: Path, notes: list[str], inspection: Inspection):
    """Yield ``(sheet name, frame, error)`` for each data sheet, one at a time (a sheet too large to load
    comes with its error and no frame)."""
    from python_calamine import CalamineError, CalamineWorkbook

    try:
        wb = CalamineWorkbook.from_path(str(path))
    except (CalamineError, OSError, ValueError, Exception) as exc:  # calamine raises several kinds
        raise FileReadError(
            f"Không đọc được tệp Excel (tệp hỏng, có mật khẩu, hoặc không phải Excel): {_reader_error(exc, path)}; "
            "mở tệp bằng Excel và lưu lại, hoặc xin lại tệp gốc"
        ) from exc
    if not wb.sheets_metadata:  # Excel never saves a workbook without a sheet: a part of it is missing
        raise FileReadError(
            "Tệp Excel hỏng: không thấy trang tính nào (thiếu phần mô tả sổ tính); mở tệp bằng Excel và lưu "
            "lại, hoặc xin lại tệp gốc"
        )
    for meta in wb.sheets_metadata:
        if str(meta.visible).rsplit(".", 1)[-1] != "Visible":
            notes.append(f"Bỏ qua trang tính ẩn '{meta.name}'")
            continue
        if str(meta.typ).rsplit(".", 1)[-1] != "WorkSheet":
            notes.append(f"Bỏ qua trang '{meta.name}' (không phải bảng tính)")
            continue
        if fold(meta.name).startswith(INSTRUCTION_SHEETS):
            notes.append(f"Bỏ qua trang hướng dẫn '{meta.name}'")
            continue
        if reason := inspection.too_large(meta.name):
            yield meta.name, None, reason
            continue
        try:
            sheet = wb.get_sheet_by_name(meta.name)
            rows = sheet.to_python(skip_empty_area=False)
            merged = getattr(sheet, "merged_cell_ranges", None) or []
        except Exception as exc:
            raise FileReadError(
                f"Không đọc được trang tính '{meta.name}': {_reader_error(exc, path)}; mở tệp bằng Excel và lưu lại, "
                "hoặc xin lại tệp gốc"
            ) from exc
        _fill_merged(rows, merged)
        frame = pd.DataFrame(rows, dtype=object) if rows else pd.DataFrame(dtype=object)
        del rows
        frame = frame.replace({"": None})
        yield meta.name, frame, None
        del frame  # before the next sheet is loaded


def _fill_merged(rows: list[list], merged: list) -> None:
    """Give every cell of a merged range the value shown in it (Excel keeps it in the top-left cell only):
    a khu phố written once for several households belongs to each of them."""
    for (r0, c0), (r1, c1) in merged:
        if r0 >= len(rows) or c0 >= len(rows[r0]):
            continue
        value = rows[r0][c0]
        if value in ("", None):
            continue
        for r in range(r0, min(r1, len(rows) - 1) + 1):
            for c in range(c0, min(c1, len(rows[r]) - 1) + 1):
                if rows[r][c] in ("", None):
                    rows[r][c] = value


#: What the workbook reader's own (English) messages mean, by a piece of their text (lower case).
_READER_ERRORS = (
    (("eocd", "invalid zip", "zip archive"), "tệp bị cắt cụt hoặc hỏng (không phải tệp Excel .xlsx nguyên vẹn)"),
    (("cfb", "invalid ole", "not an office document"), "không phải tệp Excel 97-2003 (.xls) nguyên vẹn"),
    (("file not found", "missing"), "thiếu phần bên trong của tệp Excel (tệp hỏng hoặc do phần mềm khác tạo)"),
    (("encrypt", "password"), "tệp có mật khẩu; lưu lại không có mật khẩu"),
    (("unsupported", "unrecognized", "unknown format", "cannot detect"), "định dạng tệp không được hỗ trợ"),
)


def _reader_error(exc: Exception, path: Path) -> str:
    """The workbook reader's error in Vietnamese; its own message goes to the office's log (:mod:`.journal`)."""
    from .journal import journal

    detail = f"{type(exc).__name__}: {_short(exc)}"
    journal().info("Bộ đọc Excel báo lỗi ở %s: %s", path, detail)  # the detail: in the office's log only
    text = detail.lower()
    meaning = next((vi for keys, vi in _READER_ERRORS if any(k in text for k in keys)), None)
    return meaning or "lỗi của bộ đọc Excel (chi tiết ghi trong nhật ký)"


_WORKBOOK_MAGIC = {b"PK\x03\x04": ".xlsx", b"\xd0\xcf\x11\xe0": ".xls"}


def _check_kind(path: Path, data: bytes) -> None:
    """Refuse a file whose content is another kind than its name says (a workbook renamed ``.csv``, a CSV
    renamed ``.xlsx``), with the name to give it, rather than a reader's puzzling error."""
    suffix = path.suffix.lower()
    real = next((ext for magic, ext in _WORKBOOK_MAGIC.items() if data.startswith(magic)), None)
    if suffix in TEXT_EXTENSIONS and real:
        raise FileReadError(
            f"Tệp tên {suffix} nhưng nội dung là tệp Excel ({real}): đổi đuôi tên tệp thành {real} rồi chạy lại"
        )
    head = data[:4096].lstrip(b"\xef\xbb\xbf").lstrip().lower()
    if suffix not in TEXT_EXTENSIONS and real is None and head[:1] == b"<":
        kind = "bảng tính XML của Excel 2003" if b"office:spreadsheet" in head else "trang web (HTML)"
        if b"office:spreadsheet" in head or b"<table" in head or b"<html" in head:  # what web exports save as .xls
            raise FileReadError(
                f"Tệp tên {suffix} nhưng nội dung là {kind}, không phải tệp Excel: mở tệp bằng Excel rồi lưu lại "
                "thành Excel Workbook (.xlsx)"
            )
    if suffix not in TEXT_EXTENSIONS and real is None and b"\x00" not in data[:4096]:
        try:
            data[:4096].decode("utf-8")
        except UnicodeDecodeError as exc:
            if exc.start < 4090:  # not a character cut at the end of the sample
                return
        head = data[:4096].lstrip(b"\xef\xbb\xbf").lstrip()
        if head[:1] != b"<" and any(sep in head for sep in (b";", b",", b"\t")):
            raise FileReadError(
                f"Tệp tên {suffix} nhưng nội dung là văn bản (CSV): đổi đuôi tên tệp thành .csv rồi chạy lại"
            )


def _short(exc: Exception) -> str:
    text = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
    return text[:200]


def _blank_cells(col: pd.Series) -> np.ndarray:
    """Per cell: empty, missing or only white space."""
    if isinstance(col.dtype, pd.StringDtype):
        import pyarrow.compute as pc

        text = arrow(col)  # empty, or all white space (the same Unicode class trimming removes): no trimmed copy
        blank = pc.or_kleene(pc.equal(pc.binary_length(text), 0), pc.utf8_is_space(text))
        return pc.fill_null(blank, True).to_numpy(zero_copy_only=False)
    blank = col.isna().to_numpy(dtype=bool, copy=True)
    obj = col.to_numpy(dtype=object)
    # white-space-only text: checked only on the text cells
    texts = np.fromiter((type(v) is str for v in obj), dtype=bool, count=len(obj))
    if texts.any():
        blank[texts] = np.fromiter((not v.strip() for v in obj[texts]), dtype=bool, count=int(texts.sum()))
    return blank


def _is_numbering(cell) -> bool:
    """A header like ``STT`` / ``TT`` / ``Số thứ tự``: the column only numbers the rows."""
    text = "" if cell is None or cell is pd.NA or cell != cell else str(cell).strip()
    return any(key(part) in ("stt", "tt", "so tt", "so thu tu") for part in text.split(" / "))


def _equals(col: pd.Series, value: object) -> np.ndarray:
    """Per cell: equal to ``value`` (a header cell); missing cells are never equal."""
    if isinstance(col.dtype, pd.StringDtype):
        import pyarrow.compute as pc

        if not isinstance(value, str):
            return np.zeros(len(col), dtype=bool)
        return pc.fill_null(pc.equal(arrow(col), value), False).to_numpy(zero_copy_only=False)
    return np.fromiter((type(v) is str and v == value for v in col.to_numpy(dtype=object)), dtype=bool)


def _split_sheet(
    name: str,
    frame: pd.DataFrame,
    dataset: str,
    ref: Reference,
    hints: CellFonts | None,
) -> RawSheet:
    aliases = ref.headers[dataset]
    sheet = RawSheet(sheet=name)
    frame = frame.dropna(axis=1, how="all") if not frame.empty else frame
    if frame.empty:
        return sheet
    blank_cells = {c: _blank_cells(frame[c]) for c in frame.columns}  # computed once, used three times
    blank_rows = np.logical_and.reduce(list(blank_cells.values()))
    if blank_rows.all():
        return sheet
    pick = pick_header(frame, header_index(aliases), REQUIRED[dataset])
    if pick.row is None:
        rows = frame[~blank_rows]
        sheet.error = _no_header(frame, pick, dataset, aliases)
        raw = rows.apply(lambda r: " | ".join("" if pd.isna(v) else str(v) for v in r), axis=1)
        sheet.frame = pd.DataFrame({"source_row": rows.index + 1, "_raw": raw})
        return sheet
    h = pick.row
    sheet.header_row = h + 1
    columns = {col: m.field for col, m in pick.columns.items()}
    _describe_columns(sheet, pick, dataset)
    # a row counts when any cell has something, but a row numbering column (STT) alone (pre-numbered
    # empty rows of a template) or a totals label alone is counted only as what it is
    below = np.arange(len(frame)) >= pick.first_data
    first3 = list(frame.columns)[: min(3, frame.shape[1])]
    labels = {c: label_cells(frame[c]) for c in first3}  # a totals label: a totals row if its shape says so
    labelled = np.logical_or.reduce([v > 0 for v in labels.values()])
    counted = [c for c in frame.columns if c in columns or not _is_numbering(pick.labels.get(c))]
    has_content = ~np.logical_and.reduce([blank_cells[c] for c in counted]) if counted else np.zeros(len(frame), bool)
    keep = below & (has_content | labelled)
    rows = np.flatnonzero(keep)
    # most sheets keep one run of rows below the header: a slice, not a copy of every column
    whole = (
        frame.iloc[rows[0] : rows[-1] + 1] if len(rows) and rows[-1] - rows[0] + 1 == len(rows) else frame.iloc[rows]
    )
    body = whole[list(columns)].rename(columns=columns).reset_index(drop=True)
    body.insert(0, "source_row", rows + 1)
    # totals rows, headers repeated inside the data (a pasted header is an exact copy), notes and
    # signatures under the table
    numbering = [c for c in frame.columns if _is_numbering(pick.labels.get(c))]
    totals = totals_rows(frame, labels, columns, numbering, dataset, pick.first_data)
    totals = pd.Series(totals[keep], index=body.index)
    header_cells = frame.iloc[h]
    same_as_header = [_equals(whole[c], header_cells[c]) for c in columns]
    repeated = pd.Series(np.sum(same_as_header, axis=0) >= max(2, len(columns) // 2), index=body.index)
    footer = pd.Series(False, index=body.index)
    footer.iloc[_footer_rows(frame, rows)] = True
    skip = totals | repeated | footer
    for c in body.columns:  # text-only workbook columns become Arrow strings, like CSV columns
        if c != "source_row" and body[c].dtype == object and pd.api.types.infer_dtype(body[c], skipna=True) == "string":
            body[c] = body[c].astype(STR)
    at = np.flatnonzero(skip.to_numpy())
    skipped = body.iloc[at].reset_index(drop=True)  # a few rows: taken by position
    reason = np.select(
        [totals.to_numpy()[at], footer.to_numpy()[at]],
        [f"Dòng tổng cộng {SKIPPED}", f"Dòng ghi chú, chữ ký dưới bảng {SKIPPED}"],
        f"Dòng tiêu đề lặp lại {SKIPPED}",
    )
    skipped.insert(1, "reason", reason)
    sheet.skipped = skipped
    sheet.frame = body.iloc[np.flatnonzero(~skip.to_numpy())].reset_index(drop=True) if len(at) else body
    if hints:
        col_of = {fld: col for col, fld in columns.items()}
        for fld in free_text(dataset):
            if fld in col_of:
                c = col_of[fld] + 1  # frame columns are the sheet's 0-based column numbers
                sheet.frame[f"_hint_{fld}"] = hints.column(c, sheet.frame["source_row"].to_numpy())
    data_rows = rows[~skip.to_numpy()]
    filled = [c for c in pick.unmapped if not blank_cells[c][data_rows].all()][:_PROPOSE_COLUMNS]
    proposals = _propose(pick, frame[filled].iloc[data_rows[:_PROPOSE_ROWS]], dataset, ref, set(columns.values()))
    sheet.proposals = [message for message, _ in proposals]
    missing = [req for req in REQUIRED[dataset] if not any(f in columns.values() for f in req)]
    if missing:
        said = [f"Thiếu cột bắt buộc {_label(aliases, req)}" for req in missing]
        said += [message for message, proposed in proposals if any(f in req for req in missing for f in proposed)]
        sheet.error = "; ".join(said)
    return sheet


def _describe_columns(sheet: RawSheet, pick: HeaderPick, dataset: str) -> None:
    """The units written in the headers, the columns not used, and the headers read as near misses."""
    kinds = {f.name: f.kind for f in fields(dataset)}
    for col, m in pick.columns.items():
        area = m.unit in AREA_UNITS.values()
        if m.unit and ((kinds[m.field] == "area" and area) or (kinds[m.field] == "money" and not area)):
            sheet.units[m.field] = m.unit  # an area's unit; a money field's unit as written (triệu đồng)
        if not m.exact:
            sheet.notes.append(
                f'Cột "{pick.labels[col]}" ({_where(col)}) được hiểu là "{m.alias}" (gần đúng chính tả; '
                "nếu sai, sửa tên cột)"
            )
    unused = {**pick.unmapped, **{c: f"{t} (trùng cột)" for c, t in pick.duplicates.items()}}
    position = {c: i for i, c in enumerate(pick.labels)}
    sheet.unmapped = [unused[c] for c in sorted(unused, key=position.__getitem__)]


def _where(col: object) -> str:
    return f"cột {column_letter(int(col))}" if isinstance(col, (int, np.integer)) else f"cột {col}"


def _propose(pick: HeaderPick, data: pd.DataFrame, dataset: str, ref: Reference, taken: set[str]):
    """For each unused column with values (``data``: their first rows), the field its values look like:
    (message, fields) pairs."""
    aliases = ref.headers[dataset]
    out = []
    for col in data.columns:
        written = pick.unmapped[col]
        proposal = propose_field(data[col], dataset, ref, taken)
        if proposal is None:
            continue
        seen = f"{round(proposal.share * proposal.seen)}/{proposal.seen} ô"
        examples = f" ({', '.join(proposal.examples)}; {seen})" if proposal.examples else f" ({seen})"
        if len(proposal.fields) == 1:
            (fld,) = proposal.fields
            looks = (
                f'giống cột "{aliases[fld][0]}"{examples}: nếu đúng, thêm "{written}" vào headers.yaml '
                f"({dataset} / {fld})"
            )
        else:
            names = ", ".join(f'"{aliases[f][0]}"' for f in proposal.fields)
            looks = (
                f'là {proposal.description}{examples}: nếu là một trong các cột {names}, thêm "{written}" '
                f"vào headers.yaml ở mục tương ứng của {dataset}"
            )
        out.append((f'Cột "{written}" ({_where(col)}) có giá trị {looks}', proposal.fields))
    return out


_FOOTER_RE = re.compile(
    r"^(?:ghi chu|luu y|chu thich|nguoi lap|nguoi tong hop|nguoi ke khai|xac nhan|noi nhan|tm|kt|"
    r"truong khu pho|truong ban|to truong|chu tich|giam doc|thu truong|can bo)\b"
)
_DATE_LINE_RE = re.compile(r"^(?:[a-z ]+ )?ngay\b.*\bthang\b.*\bnam\b")
_FOOTER_SCAN = 15


def _footer_rows(frame: pd.DataFrame, rows: np.ndarray) -> list[int]:
    """Positions (among ``rows``) of the notes and signature block under the table: from the first row
    that starts with ``Ghi chú``, ``Người lập biểu``, ``Xác nhận``, ``TM.``, ``..., ngày ... tháng ... năm``
    to the end, when every row from there on holds at most three distinct values."""
    tail = rows[-_FOOTER_SCAN:]
    start = None
    for k in range(len(tail) - 1, -1, -1):
        values = [v for v in frame.iloc[tail[k]] if not (v is None or v is pd.NA or (isinstance(v, float) and v != v))]
        distinct = list(dict.fromkeys(str(v).strip() for v in values if str(v).strip()))
        if not distinct or len(distinct) > 3:
            break
        first = fold(distinct[0])
        if _FOOTER_RE.match(first) or (len(distinct) == 1 and _DATE_LINE_RE.match(first)):
            start = k
    if start is None:
        return []
    return list(range(len(rows) - len(tail) + start, len(rows)))


def _no_header(frame: pd.DataFrame, pick: HeaderPick, dataset: str, aliases: dict[str, list[str]]) -> str:
    """Header not found: the columns needed (and their aliases), and the closest row seen."""
    need = " và ".join(_label(aliases, req) for req in REQUIRED[dataset])
    text = f"Không tìm thấy dòng tiêu đề (tên cột) trong {SCAN_ROWS} dòng đầu: cần cột {need}"
    if pick.closest is None:
        return text
    cells = [str(v).strip() for v in frame.iloc[pick.closest] if not pd.isna(v) and str(v).strip()]
    shown = " | ".join(c if len(c) <= 40 else c[:39] + "…" for c in cells[:12]) + (" | …" if len(cells) > 12 else "")
    known = ", ".join(f"'{aliases[f][0]}'" for f in pick.closest_fields)
    return f"{text}. Dòng giống tiêu đề nhất là dòng {pick.closest + 1}: “{shown}” " + (
        f"(nhận ra: {known})" if known else "(không nhận ra cột nào)"
    )


def _label(aliases: dict[str, list[str]], fields: tuple[str, ...]) -> str:
    return " hoặc ".join(f"'{aliases[f][0]}' (đã thử: {', '.join(aliases[f])})" for f in fields)


def read_file(
    path: Path, dataset: str, ref: Reference, *, rel: str | None = None, notes: tuple[str, ...] = ()
) -> RawFile:
    """Read one raw file into sheets of canonical columns. Never raises on bad content.

    ``rel`` is how the file is named (``producers/kp1/ds.xlsx``, from :func:`.discover.discover`; its
    folder and name by default), ``notes`` what discovering it had to say (a name that is not UTF-8).
    A workbook is measured first (:func:`.guard.inspect_workbook`): a zip bomb, or a sheet whose cells
    reach too far, fails the file or that sheet with the reason, before any reader allocates it.
    """
    rel = rel if rel is not None else f"{dataset}/{shown_name(path.name)}"
    out = RawFile(dataset=dataset, path=path, rel=rel, notes=list(notes))
    try:
        data = path.read_bytes()
    except OSError as exc:
        out.error = f"Không mở được tệp: {exc.strerror or exc}"
        return out
    out.sha256 = hashlib.sha256(data).hexdigest()
    try:
        if len(data) == 0:
            raise FileReadError("Tệp rỗng (0 byte)")
        _check_kind(path, data)
        if path.suffix.lower() in TEXT_EXTENSIONS:
            frame, out.encoding = read_text_table(path)
            sheets = iter([("", frame, None)])
            hints = {}
        else:
            inspection = inspect_workbook(path)  # before any reader opens it
            hints = font_hints(path)
            sheets = _read_workbook(path, out.notes, inspection)
        for name, frame, error in sheets:
            shown = _escape_controls(name)  # a sheet name is printed and stored like a file name
            if error:
                out.sheets.append(RawSheet(sheet=shown, error=error))
                continue
            out.sheets.append(_split_sheet(shown, frame, dataset, ref, hints.get(name)))
            del frame
        if not any(s.rows_in or s.error for s in out.sheets):
            out.notes.append("Tệp không có dòng dữ liệu nào")
    except FileReadError as exc:
        out.error = str(exc)
        out.sheets = []
    except Exception as exc:  # one unreadable file must never stop the others
        log.exception("Unexpected error while reading %s", rel)
        out.error = f"Không đọc được tệp (lỗi không lường trước: {type(exc).__name__}: {_short(exc)})"
        out.sheets = []
    return out
