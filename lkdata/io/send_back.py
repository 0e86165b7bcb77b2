"""The send-back workbooks: per source file, its rows to fix with the reason, to return to whoever filled it."""

from __future__ import annotations

import hashlib
import os
import shutil
import tempfile
import unicodedata
from pathlib import Path, PurePosixPath

import pandas as pd

from ..clean.dataset import DROPPED
from ..clean.quarantine import SKIPPED
from ..config import DATASETS
from ..errors import LkdataError
from .cells import CellWriter
from .store import load_quarantine

__all__ = ["MAX_NAME_BYTES", "SEND_BACK_DIR", "send_back_names", "write_send_back"]

#: Beside the processed tables (office-only: the rows hold names and phone numbers).
SEND_BACK_DIR = "tra_lai"

#: The longest name of a send-back workbook, in UTF-8 bytes: file systems allow 255, and a Windows path
#: of 260 characters in all must still hold the project's folders.
MAX_NAME_BYTES = 120

_TEMP_PREFIX = ".lkdata-tra_lai-"
_NOT_IN_NAMES = set('<>:"/\\|?*')  # what Windows refuses in a file name


def _safe(text: str) -> str:
    """``text`` as a part of a file name any system takes: NFC, no character Windows refuses, no control
    character, no half of a character (a name that was not UTF-8)."""
    text = unicodedata.normalize("NFC", text)
    return "".join("_" if c in _NOT_IN_NAMES or unicodedata.category(c) in ("Cc", "Cs", "Cf") else c for c in text)


def _cut(text: str, max_bytes: int) -> str:
    """The longest start of ``text`` of at most ``max_bytes`` UTF-8 bytes (whole characters)."""
    return text.encode("utf-8")[:max_bytes].decode("utf-8", errors="ignore")


def send_back_names(sources: list[tuple[str, str]]) -> dict[tuple[str, str], str]:
    """The workbook name of each ``(dataset, source file)``: ``<dataset>__<file without extension>.xlsx``,
    the folders under the dataset's joined by ``__``; the extension is kept when two files differ only
    by it (``foo.csv``, ``foo.xlsx``), and a short hash of the source's path is added when a name is
    cut to :data:`MAX_NAME_BYTES` or still meets another one (letter case aside, as Windows and macOS
    compare names). Names are unique and never longer than :data:`MAX_NAME_BYTES` bytes."""

    def base(dataset: str, source: str, keep_suffix: bool) -> str:
        parts = list(PurePosixPath(source.replace("\\", "/")).parts)
        if parts and parts[0] == dataset:
            parts = parts[1:]
        parts = parts or ["tep"]
        if not keep_suffix:
            parts[-1] = PurePosixPath(parts[-1]).stem or parts[-1]
        return _safe("__".join([dataset, *parts])).rstrip(". ")

    stems: dict[tuple[str, str], list[tuple[str, str]]] = {}
    for dataset, source in sources:
        stems.setdefault((dataset, base(dataset, source, False).casefold()), []).append((dataset, source))
    out: dict[tuple[str, str], str] = {}
    taken: set[str] = set()
    for dataset, source in sorted(set(sources)):
        clash = len(stems[(dataset, base(dataset, source, False).casefold())]) > 1
        name = base(dataset, source, keep_suffix=clash)
        room = MAX_NAME_BYTES - len(b".xlsx")
        if len(name.encode("utf-8")) > room or name.casefold() in taken:
            tag = "~" + hashlib.sha1(f"{dataset}/{source}".encode("utf-8", "surrogatepass")).hexdigest()[:8]
            name = _cut(name, room - len(tag)).rstrip(". ") + tag
        taken.add(name.casefold())
        out[(dataset, source)] = name + ".xlsx"
    return out


def _emptied(dataset: str, processed: Path) -> pd.DataFrame:
    """The accepted rows of a dataset whose bad optional value was left empty (``(đã để trống)`` in their
    issues): file, sheet, row and those notes, which quote the value as typed, so the khu phố can put it
    right. Empty when the processed table is missing (a failed dataset)."""
    path = processed / f"{dataset}.parquet"
    columns = ["Tệp", "Trang tính", "Dòng", "Lý do"]
    if not path.exists():
        return pd.DataFrame(columns=columns)
    t = pd.read_parquet(path, columns=["source_file", "source_sheet", "source_row", "issues"])
    notes = t["issues"].fillna("").map(lambda s: "; ".join(n for n in s.split("; ") if n.endswith(f"({DROPPED})")))
    t = t[notes != ""]
    return pd.DataFrame({
        "Tệp": t["source_file"].astype(str), "Trang tính": t["source_sheet"],
        "Dòng": t["source_row"].astype("Int64").astype(str), "Lý do": "Dòng đã nhận, cần sửa: " + notes[notes != ""],
    })  # fmt: skip


def _rows_to_send(processed: Path) -> dict[tuple[str, str], pd.DataFrame]:
    """Per ``(dataset, source file)``: its quarantined rows (not the skipped totals and repeated headers),
    then its accepted rows with a value left empty, in sheet and row order."""
    found = {}
    for dataset in DATASETS:
        q = load_quarantine(dataset, processed, raw_headers=True)
        q = q[~q["Lý do"].fillna("").str.endswith(SKIPPED)]
        q = pd.concat([q, _emptied(dataset, processed)], ignore_index=True) if len(q) else _emptied(dataset, processed)
        for file, rows in q.groupby("Tệp", sort=True):
            order = rows["Dòng"].map(lambda r: int(r) if str(r).isdigit() else 0)
            rows = rows.assign(**{"Trang tính": rows["Trang tính"].fillna(""), "_o": order})
            found[(dataset, str(file))] = rows.sort_values(["Trang tính", "_o"], kind="stable").drop(columns="_o")
    return found


def _write_workbook(target: Path, rows: pd.DataFrame) -> None:
    import xlsxwriter

    values = [c for c in rows.columns if c not in ("Tệp", "Trang tính", "Dòng", "Lý do")]
    values = [c for c in values if rows[c].notna().any()]
    wb = xlsxwriter.Workbook(str(target))
    cells = CellWriter(wb)
    ws = wb.add_worksheet("Dòng cần sửa")
    head = {"bold": True, "bg_color": "#F2F2F2", "border": 1, "text_wrap": True}
    cells.write_row(ws, 0, 0, ["Trang tính", "Dòng", "Lý do cần sửa", *values], **head)
    for i, rec in enumerate(rows.to_dict("records"), 1):
        text = {k: None if pd.isna(v) else str(v) for k, v in rec.items()}
        row = text["Dòng"]
        cells.write(ws, i, 0, text["Trang tính"])
        cells.write(ws, i, 1, int(row) if row and row.isdigit() else row)
        cells.write(ws, i, 2, text["Lý do"], text_wrap=True, valign="top", font_color="#9C0006")
        for j, c in enumerate(values):  # as typed, always text: Excel keeps the leading zeros of phones
            if text[c] is not None:
                cells.write_text(ws, i, 3 + j, text[c])
    ws.set_column(0, 1, 12)
    ws.set_column(2, 2, 45)
    ws.set_column(3, 3 + len(values), 18)
    ws.freeze_panes(1, 3)
    ws.autofilter(0, 0, len(rows), 2 + len(values))
    wb.close()


def _is_ours(path: Path) -> bool:
    """A workbook this module wrote (``<dataset>__....xlsx``): the only files it ever replaces or removes."""
    return path.suffix == ".xlsx" and any(path.name.startswith(f"{d}__") for d in DATASETS)


def write_send_back(processed: Path) -> list[Path]:
    """One workbook per source file with rows to fix: sheet, row, reason, and the values as they were typed.

    Written under ``processed/tra_lai/`` (office-only: it holds names and phone numbers). The whole new
    set is written first, in a temporary folder beside it; only then does each workbook replace its
    older self, and the workbooks of files that have nothing to fix any more are removed, so a failure
    leaves the previous lists in place. Files the office put in the folder are left alone. Returns the
    workbooks written.
    """
    processed = Path(processed)
    out = processed / SEND_BACK_DIR
    for left in processed.glob(f"{_TEMP_PREFIX}*"):  # what a killed run left behind
        shutil.rmtree(left, ignore_errors=True)
    found = _rows_to_send(processed)
    names = send_back_names(list(found))
    processed.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=_TEMP_PREFIX, dir=processed))
    try:
        for key, rows in found.items():
            _write_workbook(tmp / names[key], rows)
        out.mkdir(exist_ok=True)
        new = set(names.values())
        try:
            for name in sorted(new):
                os.replace(tmp / name, out / name)
            for old in out.iterdir():
                if old.name not in new and _is_ours(old):
                    old.unlink()
        except PermissionError as exc:  # Windows: a workbook open in Excel cannot be replaced
            raise LkdataError(
                f"Không ghi được tệp gửi trả {exc.filename}: tệp đang mở hoặc không có quyền ghi. "
                f"Đóng tệp trong Excel rồi chạy lại; các tệp khác trong {out} vẫn còn nguyên."
            ) from exc
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    return [out / names[key] for key in found]
