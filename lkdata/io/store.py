"""Writing and reading processed data. Every file is written whole or not at all.

A file is written to a temporary name in its own folder, flushed to disk, then moved over the
final name with :func:`os.replace` (atomic on Windows and POSIX), so an interrupted run leaves the
previous file in place, never a half-written one.
"""

from __future__ import annotations

import errno
import json
import math
import os
import re
import tempfile
from collections.abc import Callable
from contextlib import contextmanager
from functools import lru_cache
from pathlib import Path

import pandas as pd

from ..config import DATASETS, Paths
from ..errors import InternalError, OutputError, ProcessedDataError, UsageError
from .cells import CellWriter, escape_column, unescape_column

__all__ = [
    "OUTPUT_FOLDERS",
    "atomic_path",
    "cannot_write",
    "invalidate_manifest",
    "is_temporary",
    "load",
    "load_quarantine",
    "load_review",
    "lock_timeout",
    "manifest_state",
    "project_lock",
    "read_manifest",
    "refused",
    "remove_stale_temporaries",
    "running",
    "sha256_file",
    "spool_folder",
    "write_csv",
    "write_json",
    "write_parquet",
    "write_text",
    "write_xlsx",
]

#: The folders of a processed folder that lkdata writes into (``.`` the folder itself): the tables and
#: the manifest, the quarantine, the review lists, the send-back workbooks, the office-only lists.
OUTPUT_FOLDERS: tuple[str, ...] = (".", "quarantine", "review", "tra_lai", "noi_bo")

#: A temporary file lkdata writes before moving it over its final name:
#: ``.<name>.lkdata-<pid>-<random>.tmp``; nothing else is ever removed as a leftover.
_TEMPORARY = re.compile(r"^\..+\.lkdata-(\d+)-[a-z0-9_]{8}\.tmp$")


def is_temporary(name: str) -> int | None:
    """The process id in the name of one of lkdata's own temporary files, else ``None``."""
    m = _TEMPORARY.match(name)
    return int(m.group(1)) if m else None


def running(pid: int) -> bool:
    """Whether process ``pid`` is still running (a temporary of a live process is not a leftover)."""
    if pid == os.getpid():
        return True
    if os.name != "posix":  # os.kill would end the process on Windows: take it for gone, as a killed run is
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:  # it exists, owned by someone else
        return True
    return True


def remove_stale_temporaries(folder: Path, subfolders: tuple[str, ...] = OUTPUT_FOLDERS) -> int:
    """Delete the temporary files a killed run left beside final ones, in the folders lkdata writes.

    Only lkdata's own temporaries are touched (``.<name>.lkdata-<pid>-<random>.tmp``, from a process that
    is no longer running): a hidden file of anyone else, or in a folder lkdata does not write, stays.
    They never hold a finished file: the final names are only ever replaced whole. Returns how many.
    """
    count = 0
    for sub in subfolders:
        where = Path(folder) / sub
        if not where.is_dir():
            continue
        for tmp in where.iterdir():
            pid = is_temporary(tmp.name)
            if pid is None or running(pid) or tmp.is_symlink() or not tmp.is_file():
                continue
            try:
                tmp.unlink()
            except FileNotFoundError:
                continue
            except OSError as exc:
                raise OutputError(cannot_write(tmp, exc, removing=True)) from exc
            count += 1
    return count


#: The errors by which the operating system refuses a write: a full disk (or quota), a read-only
#: disk, no permission, a name too long.
REFUSALS = frozenset(
    {errno.ENOSPC, getattr(errno, "EDQUOT", errno.ENOSPC), errno.EROFS, errno.EACCES, errno.EPERM, errno.ENAMETOOLONG}
)


def _code(exc: OSError) -> int | None:
    if exc.errno is not None:
        return exc.errno
    m = re.search(r"errno (\d+)", str(exc), re.IGNORECASE)  # Arrow says it in its message: "[errno 28] ..."
    return int(m.group(1)) if m else None


def refused(exc: OSError) -> bool:
    """Whether ``exc`` is the operating system refusing a write (see :data:`REFUSALS`)."""
    return _code(exc) in REFUSALS


@contextmanager
def spool_folder(prefix: str = "lkdata-clean-"):
    """A private temporary folder (in the system's) for what worker processes hand back, named with this
    process's id; the folders of the same kind a killed run left behind (its process gone: they may hold
    rows of personal data) are removed first."""
    import shutil

    for old in Path(tempfile.gettempdir()).glob(f"{prefix}*"):
        m = re.match(rf"^{re.escape(prefix)}(\d+)-", old.name)
        if m and old.is_dir() and not old.is_symlink() and not running(int(m.group(1))):
            shutil.rmtree(old, ignore_errors=True)
    with tempfile.TemporaryDirectory(prefix=f"{prefix}{os.getpid()}-") as name:
        yield Path(name)


def cannot_write(path: Path, exc: OSError, *, removing: bool = False) -> str:
    """What to tell the office when the computer refused to write ``path``: why, and what to do."""
    code = _code(exc)
    folder = Path(path).parent
    if code in (errno.ENOSPC, getattr(errno, "EDQUOT", errno.ENOSPC)):
        why, todo = f"ổ đĩa chứa {folder} đã đầy", "giải phóng chỗ trống trên ổ đĩa đó"
    elif code == errno.EROFS:
        why, todo = f"{folder} nằm trên ổ đĩa chỉ cho đọc", "chọn thư mục trên ổ đĩa ghi được (hoặc mở khóa ghi của ổ)"
    elif code in (errno.EACCES, errno.EPERM):
        why, todo = f"không có quyền ghi vào thư mục {folder}", "cấp quyền ghi cho thư mục này (hoặc chọn thư mục khác)"
    elif code == errno.ENAMETOOLONG:
        why, todo = "tên tệp quá dài", "rút ngắn tên thư mục hoặc tên tệp"
    else:
        why, todo = f"lỗi hệ điều hành: {exc.strerror or exc}", "kiểm tra ổ đĩa và thư mục đó"
    verb = "xóa" if removing else "ghi"
    return (
        f"Không {verb} được tệp {path}: {why}. Hãy {todo} rồi chạy lại; "
        "các tệp đã có không bị ghi dở (mỗi tệp hoặc còn nguyên bản cũ, hoặc đã là bản mới hoàn chỉnh)."
    )


def lock_timeout() -> float:
    """How long a run waits for another one (seconds): ``$LKDATA_LOCK_TIMEOUT``, else 30 minutes.

    Raises
    ------
    UsageError
        When the variable holds anything but a number of seconds, zero or more.
    """
    text = os.environ.get("LKDATA_LOCK_TIMEOUT", "").strip()
    if not text:
        return 1800.0
    try:
        value = float(text.replace(",", "."))
    except ValueError:
        value = math.nan
    if not math.isfinite(value) or value < 0:
        raise UsageError(
            f"Biến môi trường LKDATA_LOCK_TIMEOUT='{text}' không hợp lệ: cần số giây chờ một lần chạy khác, "
            "là số không âm (ví dụ 60; mặc định 1800 giây). Sửa hoặc bỏ biến này rồi chạy lại."
        )
    return value


@contextmanager
def project_lock(folder: Path, timeout: float | None = None, say: Callable[[str], None] | None = None):
    """Hold the lock of a project's data folder, so two lkdata runs never write it at once.

    A second run waits for the first (``timeout`` seconds; ``$LKDATA_LOCK_TIMEOUT``, default 30
    minutes) and then stops with a clear message. The lock is an OS file lock: a run that is killed
    releases it, and the next run goes ahead without any clean-up.

    Raises
    ------
    UsageError
        When ``$LKDATA_LOCK_TIMEOUT`` is no number of seconds.
    OutputError
        When the lock file cannot be made (a read-only folder, a full disk).
    """
    from filelock import FileLock, Timeout

    from ..errors import LkdataError

    folder = Path(folder)
    path = folder / ".lkdata.lock"
    if timeout is None:
        timeout = lock_timeout()
    lock = FileLock(str(path))
    try:
        folder.mkdir(parents=True, exist_ok=True)
        try:
            lock.acquire(timeout=0)
        except Timeout:
            if say:
                say(f"Đang có một lần chạy lkdata khác trên {folder}; đợi lần chạy đó xong ...")
            try:
                lock.acquire(timeout=timeout)
            except Timeout:
                raise LkdataError(
                    f"Một lần chạy lkdata khác vẫn đang ghi vào {folder} (khóa {path.name}) sau {timeout:.0f} giây "
                    "đợi. Chờ lần chạy đó xong rồi chạy lại."
                ) from None
    except OSError as exc:
        raise OutputError(cannot_write(path, exc)) from exc
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
    """Yield a temporary path beside ``path``; on success move it over ``path``, else remove it.

    The temporary is named ``.<name>.lkdata-<pid>-<random>.tmp`` (:func:`is_temporary`), so that a
    later run removes it if this one is killed, and nothing else. An error of the operating system
    (a read-only folder, a full disk) is an :class:`~lkdata.errors.OutputError` naming ``path``; the
    final file is then the one that was there before.
    """
    path = Path(path)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name[:80]}.lkdata-{os.getpid()}-", suffix=".tmp", dir=path.parent)
    except OSError as exc:
        raise OutputError(cannot_write(path, exc)) from exc
    os.close(fd)
    tmp_path = Path(tmp)
    try:
        yield tmp_path
        with open(tmp_path, "rb+") as fh:
            os.fsync(fh.fileno())
        os.chmod(tmp_path, 0o666 & ~_umask())  # mkstemp makes 0600; shared outputs are readable like any file
        os.replace(tmp_path, path)
    except OSError as exc:
        raise OutputError(cannot_write(path, exc)) from exc
    finally:
        tmp_path.unlink(missing_ok=True)


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
        return pc.if_else(pa.array(col, type=pa.bool_(), from_pandas=True), "Có", "Không")  # a blank stays blank
    if pd.api.types.is_datetime64_any_dtype(col.dtype):  # each distinct date formatted once (strftime is slow)
        return _per_distinct(pa.array(col, from_pandas=True), lambda days: pc.strftime(days, "%d/%m/%Y"))
    if pd.api.types.is_float_dtype(col.dtype):  # Arrow writes 3.0 as "3" and 1e-05 as "0.00001"
        return _per_distinct(pa.array(col, from_pandas=True),
                             lambda numbers: pc.replace_substring(numbers.cast(pa.string()), ".", ","))  # fmt: skip
    if pd.api.types.is_integer_dtype(col.dtype):
        return pa.array(col, from_pandas=True).cast(pa.string())
    if isinstance(col.dtype, pd.StringDtype):  # text: a leading formula character is escaped (see io.cells)
        return escape_column(pa.array(col, from_pandas=True).cast(pa.string()))
    return escape_column(pa.array(fmap(col, show), type=pa.string(), from_pandas=True))  # raw cells as typed


def _per_distinct(values, text):
    """``text`` of an Arrow array computed once per distinct value (Arrow's dictionary: ``-0.0`` apart from
    ``0.0``, each type its own), then spread over the rows; a missing value stays missing."""
    encoded = values.dictionary_encode()
    return text(encoded.dictionary).take(encoded.indices)


#: From this many rows, a CSV's columns are formatted in threads (a province's plots: 0.37 -> ~0.2 s).
_THREADED_ROWS = 50_000


def write_csv(df: pd.DataFrame, path: Path) -> None:
    """CSV as Excel on a Vietnamese Windows reads it: UTF-8 with BOM, ``;``, decimal comma,
    dates day first, yes/no as ``Có``/``Không``; a text cell Excel would take for a formula
    (``=HYPERLINK(...)``, ``@SUM(...)``, ``-2+3``) starts with ``'`` (:mod:`lkdata.io.cells`)."""
    import pyarrow as pa
    import pyarrow.csv as pacsv

    names, series = [str(c) for c in df.columns], [df[c] for c in df.columns]
    if len(df) >= _THREADED_ROWS and len(series) > 1:  # Arrow's kernels format columns side by side
        from concurrent.futures import ThreadPoolExecutor

        with ThreadPoolExecutor(max_workers=min(4, os.cpu_count() or 1)) as pool:
            texts = list(pool.map(_excel_text, series))
    else:
        texts = [_excel_text(s) for s in series]
    table = pa.table(dict(zip(names, texts, strict=True)))

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


def write_text(text: str, path: Path) -> None:
    """Text in UTF-8 (a notes template the office edits in Notepad or any editor)."""
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
    tables = {name: _read_table(name, folder / f"{name}.parquet") for name in names}
    return tables[dataset] if dataset else tables


def _read_table(dataset: str, path: Path) -> pd.DataFrame:
    """A processed table, refused with a clear message when it cannot be read or holds what no clean writes
    (an infinite number, a value beyond its field's hard limit, a date outside 1900-2100): a table edited by
    hand or by another program, which no report may count from."""
    from ..clean.validate import stored_problems

    again = "Chạy lại 'lkdata clean --force' để làm sạch lại từ dữ liệu gốc."
    try:
        df = pd.read_parquet(path)
    except Exception as exc:  # pyarrow raises several kinds for a damaged or foreign file
        raise ProcessedDataError(f"Không đọc được bảng đã làm sạch {path}: {str(exc)[:200]}. {again}") from exc
    problems = stored_problems(dataset, df)
    if problems:
        raise ProcessedDataError(
            f"Bảng đã làm sạch {path} có giá trị không hợp lệ (có thể đã bị sửa ngoài lkdata): "
            f"{'; '.join(problems)}. {again}"
        )
    return df


def read_manifest(processed: Path) -> dict | None:
    """The manifest of the last ``lkdata clean``, or ``None`` (none, or a file that is not one: see
    :func:`manifest_state`)."""
    return manifest_state(processed)[0]


def invalidate_manifest(processed: Path) -> None:
    """Remove the manifest of the last clean before a new one writes any table.

    The manifest (with the sha256 of every raw file) is what says the tables match the raw data; it is
    written last, once every table is whole. Removed first, a run killed between two tables (or stopped by
    a full disk) leaves no manifest, and the next ``clean``, ``status`` or ``report`` knows the tables are
    not one run's whole result.
    """
    path = Path(processed) / "manifest.json"
    try:
        path.unlink(missing_ok=True)
        if os.name == "posix":  # the removal reaches the disk before any table does
            fd = os.open(path.parent, os.O_RDONLY)
            try:
                os.fsync(fd)
            finally:
                os.close(fd)
    except OSError as exc:
        raise OutputError(cannot_write(path, exc, removing=True)) from exc


def manifest_state(processed: Path) -> tuple[dict | None, str | None]:
    """The manifest of the last clean and, when there is a ``manifest.json`` that is none of lkdata's
    (not JSON, cut short, another program's), why it cannot be read (a Vietnamese phrase)."""
    path = Path(processed) / "manifest.json"
    if not path.is_file():
        return None, None
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, ValueError) as exc:
        return None, f"tệp {path} hỏng, không đọc được ({type(exc).__name__})"
    if not isinstance(data, dict) or not isinstance(data.get("datasets"), dict):
        return None, f"tệp {path} không phải bản kê của lkdata clean"
    return data, None


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
