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
from ..clean.fields import free_text, required_columns
from ..clean.quarantine import SKIPPED
from ..clean.resolve import key
from ..config import DATASETS
from ..errors import FileReadError
from ..vn.columns import STR, arrow
from ..vn.text import fold
from .fonts import font_hints
from .text_files import read_text_table

__all__ = ["REQUIRED", "RawFile", "RawSheet", "find_files", "read_file"]

log = logging.getLogger("lkdata")

#: Text files (CSV); the others are workbooks, whose cells are typed.
TEXT_EXTENSIONS = (".csv", ".txt")
EXTENSIONS = (".xlsx", ".xlsm", ".xls", ".ods", *TEXT_EXTENSIONS)

#: Columns a sheet must have, per dataset (one of each tuple), from the field registry.
REQUIRED: dict[str, tuple[tuple[str, ...], ...]] = {d: required_columns(d) for d in DATASETS}
_TOTALS = {"tong cong", "cong", "tong", "tong so", "tong cong chung", "cong chung"}
_HEADER_SCAN_ROWS = 40
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
    """The raw files of a dataset, in a stable order (name, then path)."""
    folder = raw / dataset
    if not folder.is_dir():
        return []
    return sorted(
        p for p in folder.iterdir()
        if p.is_file() and p.suffix.lower() in EXTENSIONS and not p.name.startswith(("~$", "."))
    )  # fmt: skip


# --- cells -------------------------------------------------------------------------------------


def _read_workbook(path: Path, notes: list[str]) -> list[tuple[str, pd.DataFrame]]:
    from python_calamine import CalamineError, CalamineWorkbook

    try:
        wb = CalamineWorkbook.from_path(str(path))
    except (CalamineError, OSError, ValueError, Exception) as exc:  # calamine raises several kinds
        raise FileReadError(
            f"Không đọc được tệp Excel (tệp hỏng, có mật khẩu, hoặc không phải Excel): {_short(exc)}"
        ) from exc
    out = []
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
        try:
            sheet = wb.get_sheet_by_name(meta.name)
            rows = sheet.to_python(skip_empty_area=False)
            merged = getattr(sheet, "merged_cell_ranges", None) or []
        except Exception as exc:
            raise FileReadError(f"Không đọc được trang tính '{meta.name}': {_short(exc)}") from exc
        _fill_merged(rows, merged)
        frame = pd.DataFrame(rows, dtype=object) if rows else pd.DataFrame(dtype=object)
        out.append((meta.name, frame.replace({"": None})))
    return out


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


def _short(exc: Exception) -> str:
    text = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
    return text[:200]


_PAREN_RE = re.compile(r"\(([^)]*)\)")


def _alias_index(aliases: dict[str, list[str]]) -> dict[str, str]:
    """Header key -> field, for one dataset's aliases (``headers.yaml``)."""
    index: dict[str, str] = {}
    for fld, names in aliases.items():
        for alias in names:
            index.setdefault(key(alias), fld)
    return index


def _map_header(cell: object, index: dict[str, str]) -> tuple[str | None, str | None]:
    """The field a header names, and a unit written in its brackets (``Diện tích (m2)``)."""
    if cell is None or (isinstance(cell, float) and np.isnan(cell)) or cell is pd.NA:
        return None, None
    text = str(cell)
    k = key(text)
    unit = None
    m = _PAREN_RE.search(text)
    if m:
        u = fold(m.group(1)).replace(" ", "")
        if u in ("ha", "m2", "sao", "cong", "hecta"):
            unit = u
    if k in index:
        return index[k], unit
    stripped = key(_PAREN_RE.sub(" ", text))
    return index.get(stripped), unit


def _find_header(frame: pd.DataFrame, index: dict[str, str]) -> int | None:
    """The row (among the first ones) whose cells name the most known fields; at least two."""
    known: dict[str, bool] = {}

    def names_field(cell: object) -> bool:
        if not isinstance(cell, str):
            return not pd.isna(cell) and _map_header(cell, index)[0] is not None
        if cell not in known:
            known[cell] = _map_header(cell, index)[0] is not None
        return known[cell]

    hits = [sum(names_field(v) for v in row) for row in frame.head(_HEADER_SCAN_ROWS).to_numpy(dtype=object)]
    if not hits or max(hits) < 2:
        return None
    return int(frame.index[int(np.argmax(hits))])


def _blank_cells(col: pd.Series) -> np.ndarray:
    """Per cell: empty, missing or only white space."""
    if isinstance(col.dtype, pd.StringDtype):
        import pyarrow.compute as pc

        blank = pc.fill_null(pc.equal(pc.utf8_trim_whitespace(arrow(col)), ""), True)
        return blank.to_numpy(zero_copy_only=False)
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
    return key(text) in ("stt", "tt", "so tt", "so thu tu")


def _totals_cells(col: pd.Series) -> np.ndarray:
    """Per cell: a totals label (``Tổng cộng``, ``Cộng``, ``Tổng số``...). Only short cells that
    start with T or C are folded, so the cost stays small on long sheets."""
    if isinstance(col.dtype, pd.StringDtype):  # CSV: Arrow kernels pick the candidates
        import pyarrow.compute as pc

        text = pc.utf8_trim_whitespace(arrow(col))
        mask = pc.and_(pc.less(pc.utf8_length(text), 24), pc.match_substring_regex(text, "^[TtCc]"))
        mask = pc.fill_null(mask, False).to_numpy(zero_copy_only=False)
        candidates = pc.filter(text, mask).to_pylist() if mask.any() else []
    else:
        obj = col.to_numpy(dtype=object)
        mask = np.fromiter(
            (type(v) is str and len(v) < 24 and v.lstrip()[:1] in ("T", "t", "C", "c") for v in obj),
            dtype=bool, count=len(obj),
        )  # fmt: skip
        candidates = list(obj[mask])
    out = np.zeros(len(col), dtype=bool)
    if candidates:
        out[mask] = [key(c) in _TOTALS for c in candidates]  # key: fold, cached
    return out


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
    aliases: dict[str, list[str]],
    hints: dict[tuple[int, int], str] | None,
) -> RawSheet:
    index = _alias_index(aliases)
    sheet = RawSheet(sheet=name)
    frame = frame.dropna(axis=1, how="all") if not frame.empty else frame
    if frame.empty:
        return sheet
    blank_cells = {c: _blank_cells(frame[c]) for c in frame.columns}  # computed once, used three times
    blank_rows = np.logical_and.reduce(list(blank_cells.values()))
    if blank_rows.all():
        return sheet
    h = _find_header(frame, index)
    if h is None:
        rows = frame[~blank_rows]
        sheet.error = "Không tìm thấy dòng tiêu đề (tên cột) trong trang tính"
        raw = rows.apply(lambda r: " | ".join("" if pd.isna(v) else str(v) for v in r), axis=1)
        sheet.frame = pd.DataFrame({"source_row": rows.index + 1, "_raw": raw})
        return sheet
    sheet.header_row = h + 1
    columns: dict[int, str] = {}
    for col, cell in frame.loc[h].items():
        fld, unit = _map_header(cell, index)
        text = "" if cell is None or cell is pd.NA or cell != cell else str(cell).strip()
        if fld is None:
            if text and key(text) not in ("stt", "tt", "so tt", "so thu tu", "ghi chu"):
                sheet.unmapped.append(text)
            continue
        if fld in columns.values():
            sheet.unmapped.append(f"{text} (trùng cột)")
            continue
        columns[col] = fld
        if unit:
            sheet.units[fld] = unit
    # a row counts when any cell has something, but a row numbering column (STT) alone (pre-numbered
    # empty rows of a template) or a totals label alone is counted only as what it is
    below = np.arange(len(frame)) > h
    first3 = list(frame.columns)[: min(3, frame.shape[1])]
    labelled = np.logical_or.reduce([_totals_cells(frame[c]) for c in first3])  # totals rows
    counted = [c for c in frame.columns if c in columns or not _is_numbering(frame.at[h, c])]
    has_content = ~np.logical_and.reduce([blank_cells[c] for c in counted]) if counted else np.zeros(len(frame), bool)
    keep = below & (has_content | labelled)
    rows = np.flatnonzero(keep)
    # most sheets keep one run of rows below the header: a slice, not a copy of every column
    whole = (
        frame.iloc[rows[0] : rows[-1] + 1] if len(rows) and rows[-1] - rows[0] + 1 == len(rows) else frame.iloc[rows]
    )
    body = whole[list(columns)].rename(columns=columns).reset_index(drop=True)
    body.insert(0, "source_row", rows + 1)
    # totals rows and headers repeated inside the data (a pasted header is an exact copy)
    totals = pd.Series(labelled[keep], index=body.index)
    header_cells = frame.loc[h]
    same_as_header = [_equals(whole[c], header_cells[c]) for c in columns]
    repeated = pd.Series(np.sum(same_as_header, axis=0) >= max(2, len(columns) // 2), index=body.index)
    skip = totals | repeated
    for c in body.columns:  # text-only workbook columns become Arrow strings, like CSV columns
        if c != "source_row" and body[c].dtype == object and pd.api.types.infer_dtype(body[c], skipna=True) == "string":
            body[c] = body[c].astype(STR)
    at = np.flatnonzero(skip.to_numpy())
    skipped = body.iloc[at].reset_index(drop=True)  # a few rows: taken by position
    reason = np.where(totals.to_numpy()[at], f"Dòng tổng cộng {SKIPPED}", f"Dòng tiêu đề lặp lại {SKIPPED}")
    skipped.insert(1, "reason", reason)
    sheet.skipped = skipped
    sheet.frame = body.iloc[np.flatnonzero(~skip.to_numpy())].reset_index(drop=True) if len(at) else body
    if hints:
        col_of = {fld: col for col, fld in columns.items()}
        for fld in free_text(dataset):
            if fld in col_of:
                c = col_of[fld] + 1  # frame columns are the sheet's 0-based column numbers
                sheet.frame[f"_hint_{fld}"] = [hints.get((r, c)) for r in sheet.frame["source_row"]]
    missing = [req for req in REQUIRED[dataset] if not any(f in columns.values() for f in req)]
    if missing:
        sheet.error = "; ".join(f"Thiếu cột bắt buộc {_label(aliases, req)}" for req in missing)
    return sheet


def _label(aliases: dict[str, list[str]], fields: tuple[str, ...]) -> str:
    return " hoặc ".join(f"'{aliases[f][0]}' (đã thử: {', '.join(aliases[f])})" for f in fields)


def read_file(path: Path, dataset: str, ref: Reference) -> RawFile:
    """Read one raw file into sheets of canonical columns. Never raises on bad content."""
    rel = f"{dataset}/{path.name}"
    out = RawFile(dataset=dataset, path=path, rel=rel)
    try:
        data = path.read_bytes()
    except OSError as exc:
        out.error = f"Không mở được tệp: {exc.strerror or exc}"
        return out
    out.sha256 = hashlib.sha256(data).hexdigest()
    try:
        if len(data) == 0:
            raise FileReadError("Tệp rỗng (0 byte)")
        if path.suffix.lower() in TEXT_EXTENSIONS:
            frame, out.encoding = read_text_table(path)
            sheets = [("", frame)]
        else:
            sheets = _read_workbook(path, out.notes)
        hints = font_hints(path)
        for name, frame in sheets:
            out.sheets.append(_split_sheet(name, frame, dataset, ref.headers[dataset], hints.get(name)))
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
