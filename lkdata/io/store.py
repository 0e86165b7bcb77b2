"""Writing and reading processed data. Every file is written whole or not at all.

A file is written to a temporary name in its own folder, flushed to disk, then moved over the
final name with :func:`os.replace` (atomic on Windows and POSIX), so an interrupted run leaves the
previous file in place, never a half-written one.
"""

from __future__ import annotations

import json
import os
import tempfile
from collections.abc import Callable
from contextlib import contextmanager
from functools import lru_cache
from pathlib import Path

import pandas as pd

from ..config import DATASETS, Paths
from ..errors import InternalError, UsageError
from .cells import CellWriter, escape_column, unescape_column

__all__ = [
    "atomic_path",
    "load",
    "load_quarantine",
    "load_review",
    "project_lock",
    "remove_stale_temporaries",
    "sha256_file",
    "write_csv",
    "write_json",
    "write_parquet",
    "write_xlsx",
]


def remove_stale_temporaries(folder: Path) -> int:
    """Delete the temporary files a killed run left beside final ones (``.<name>.<random>.tmp``).

    They never hold a finished file: the final names are only ever replaced whole. Returns how many.
    """
    count = 0
    for tmp in Path(folder).rglob(".*.tmp"):
        if tmp.is_file():
            tmp.unlink(missing_ok=True)
            count += 1
    return count


@contextmanager
def project_lock(folder: Path, timeout: float | None = None, say: Callable[[str], None] | None = None):
    """Hold the lock of a project's data folder, so two lkdata runs never write it at once.

    A second run waits for the first (``timeout`` seconds; ``$LKDATA_LOCK_TIMEOUT``, default 30
    minutes) and then stops with a clear message. The lock is an OS file lock: a run that is killed
    releases it, and the next run goes ahead without any clean-up.
    """
    from filelock import FileLock, Timeout

    from ..errors import LkdataError

    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / ".lkdata.lock"
    if timeout is None:
        timeout = float(os.environ.get("LKDATA_LOCK_TIMEOUT", 1800))
    lock = FileLock(str(path))
    try:
        lock.acquire(timeout=0)
    except Timeout:
        if say:
            say(f"Đang có một lần chạy lkdata khác trên {folder}; đợi lần chạy đó xong ...")
        try:
            lock.acquire(timeout=timeout)
        except Timeout:
            raise LkdataError(
                f"Một lần chạy lkdata khác vẫn đang ghi vào {folder} (khóa {path.name}) sau {timeout:.0f} giây đợi. "
                "Chờ lần chạy đó xong rồi chạy lại."
            ) from None
    try:
        yield
    finally:
        lock.release()


def sha256_file(path: Path) -> str:
    """The sha256 of a file, read in blocks (raw files can be large); computed once per file version
    (path, size, modification time) in a process, since a batch asks for the same inputs job after job."""
    stat = Path(path).stat()
    return _sha256(str(Path(path).resolve()), stat.st_size, stat.st_mtime_ns)


@lru_cache(maxsize=4096)
def _sha256(path: str, size: int, mtime_ns: int) -> str:
    import hashlib

    digest = hashlib.sha256()
    with open(path, "rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


@contextmanager
def atomic_path(path: Path):
    """Yield a temporary path beside ``path``; on success move it over ``path``, else remove it."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    os.close(fd)
    tmp_path = Path(tmp)
    try:
        yield tmp_path
        with open(tmp_path, "rb+") as fh:
            os.fsync(fh.fileno())
        os.chmod(tmp_path, 0o666 & ~_umask())  # mkstemp makes 0600; shared outputs are readable like any file
        os.replace(tmp_path, path)
    finally:
        if tmp_path.exists():
            tmp_path.unlink()


def _write(path: Path, writer: Callable[[Path], None]) -> None:
    with atomic_path(path) as tmp:
        writer(tmp)


def write_parquet(df: pd.DataFrame, path: Path) -> None:
    """Typed table for notebooks."""
    _write(path, lambda p: df.to_parquet(p, index=False, engine="pyarrow"))


def _excel_text(col: pd.Series):
    """A column as the text Excel on a Vietnamese Windows reads (decimal comma, dates day first), as
    an Arrow string array: typed columns are formatted by Arrow's kernels, not cell by cell."""
    import pyarrow as pa
    import pyarrow.compute as pc

    from ..vn.columns import fmap, show

    if pd.api.types.is_bool_dtype(col.dtype):
        return pa.array(col.map({True: "Có", False: "Không"}).astype(object), type=pa.string(), from_pandas=True)
    if pd.api.types.is_datetime64_any_dtype(col.dtype):
        return pc.strftime(pa.array(col, from_pandas=True), "%d/%m/%Y")
    if pd.api.types.is_float_dtype(col.dtype):  # Arrow writes 3.0 as "3" and 1e-05 as "0.00001"
        return pc.replace_substring(pa.array(col, from_pandas=True).cast(pa.string()), ".", ",")
    if pd.api.types.is_integer_dtype(col.dtype):
        return pa.array(col, from_pandas=True).cast(pa.string())
    if isinstance(col.dtype, pd.StringDtype):  # text: a leading formula character is escaped (see io.cells)
        return escape_column(pa.array(col, from_pandas=True).cast(pa.string()))
    return escape_column(pa.array(fmap(col, show), type=pa.string(), from_pandas=True))  # raw cells as typed


def write_csv(df: pd.DataFrame, path: Path) -> None:
    """CSV as Excel on a Vietnamese Windows reads it: UTF-8 with BOM, ``;``, decimal comma,
    dates day first, yes/no as ``Có``/``Không``; a text cell Excel would take for a formula
    (``=HYPERLINK(...)``, ``@SUM(...)``, ``-2+3``) starts with ``'`` (:mod:`lkdata.io.cells`)."""
    import pyarrow as pa
    import pyarrow.csv as pacsv

    table = pa.table({str(c): _excel_text(df[c]) for c in df.columns})

    def writer(p: Path) -> None:
        with open(p, "wb") as fh:
            fh.write(b"\xef\xbb\xbf")
            pacsv.write_csv(table, fh, pacsv.WriteOptions(delimiter=";", quoting_style="needed"))

    _write(path, writer)


def write_xlsx(df: pd.DataFrame, path: Path, sheet: str = "Danh sách") -> None:
    """A plain workbook of ``df`` (header frozen), for lists the office works through in Excel: text as
    text (never a formula or a link), numbers as numbers, dates as ``dd/mm/yyyy``."""

    def writer(p: Path) -> None:
        import xlsxwriter

        wb = xlsxwriter.Workbook(str(p))
        cells = CellWriter(wb)
        ws = wb.add_worksheet(sheet)
        cells.write_row(ws, 0, 0, [str(c) for c in df.columns], bold=True)
        for i, row in enumerate(df.itertuples(index=False), 1):
            cells.write_row(ws, i, 0, row)
        ws.freeze_panes(1, 0)
        ws.set_column(0, len(df.columns), 20)
        wb.close()

    _write(path, writer)


def write_json(data: dict, path: Path) -> None:
    """JSON in UTF-8, Vietnamese kept readable."""
    text = json.dumps(data, ensure_ascii=False, indent=2, default=str) + "\n"
    _write(path, lambda p: p.write_text(text, encoding="utf-8"))


def load(dataset: str | None = None, processed: Path | str | None = None) -> pd.DataFrame | dict[str, pd.DataFrame]:
    """Load processed tables (the output of ``lkdata clean``).

    Parameters
    ----------
    dataset : str, optional
        One dataset (``"producers"``, ...); all five as a dict when omitted.
    processed : path, optional
        The processed folder; ``data/processed`` of the project by default.
    """
    folder = Path(processed) if processed else Paths.default().processed
    names = [dataset] if dataset else list(DATASETS)
    for name in names:
        if name not in DATASETS:
            raise UsageError(f"Bộ dữ liệu không có: {name} (có: {', '.join(DATASETS)})")
        if not (folder / f"{name}.parquet").exists():
            failed = ((read_manifest(folder) or {}).get("datasets", {}).get(name) or {}).get("error")
            if failed:  # the last clean wrote no table of it: a bug in lkdata, said in the manifest
                raise InternalError(f"Lần làm sạch gần nhất gặp lỗi nội bộ ở bộ dữ liệu {name}: {failed}")
            raise UsageError(f"Chưa có dữ liệu đã làm sạch trong {folder}: chạy 'lkdata clean' trước")
    tables = {name: pd.read_parquet(folder / f"{name}.parquet") for name in names}
    return tables[dataset] if dataset else tables


def read_manifest(processed: Path) -> dict | None:
    """The manifest of the last ``lkdata clean``, or ``None``."""
    path = processed / "manifest.json"
    if not path.exists():
        return None
    return json.loads(path.read_text(encoding="utf-8"))


def _read_excel_csv(path: Path) -> pd.DataFrame:
    """A CSV written by :func:`write_csv`, as text (every value as it was before writing: a formula
    character's escape taken off)."""
    df = pd.read_csv(path, sep=";", dtype=str, encoding="utf-8-sig", keep_default_na=False, na_values=[""])
    return df.apply(unescape_column)


def load_quarantine(dataset: str, processed: Path | str | None = None, *, raw_headers: bool = False) -> pd.DataFrame:
    """The quarantine of a dataset as ``lkdata clean`` wrote it: every value as text.

    With ``raw_headers`` the columns keep their Vietnamese headers (``Tệp``, ``Dòng``, ``Lý do`` ...);
    otherwise the provenance columns are ``source_file, source_sheet, source_row, reasons``.
    """
    folder = Path(processed) if processed else Paths.default().processed
    path = folder / "quarantine" / f"{dataset}.csv"
    if not path.exists():
        return pd.DataFrame(columns=["Tệp", "Trang tính", "Dòng", "Lý do"] if raw_headers else
                            ["source_file", "source_sheet", "source_row", "reasons"])  # fmt: skip
    df = _read_excel_csv(path)
    if raw_headers:
        return df
    return df.rename(columns={"Tệp": "source_file", "Trang tính": "source_sheet", "Dòng": "source_row",
                              "Lý do": "reasons"})  # fmt: skip


def load_review(processed: Path | str | None = None) -> dict[str, pd.DataFrame]:
    """The review lists of the last clean (duplicates, probable duplicates, unresolved references)."""
    folder = (Path(processed) if processed else Paths.default().processed) / "review"
    return {f.stem: _read_excel_csv(f) for f in sorted(folder.glob("*.csv"))}
