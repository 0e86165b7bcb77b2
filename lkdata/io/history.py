"""The history of the attributes that carry no date, kept by each ``lkdata clean`` (office-only).

``data/processed/noi_bo/lich_su/<dataset>/<column>.parquet``: for each tracked column (a cooperative's
members, a household selling online, a plot's growing-area code ...; declared ``tracked`` on its
schema field), the log of its values by record id and ``valid_from``, the day (``as_of``) of the
clean that found them (what the rows mean, and how a past day's value is read from them:
:mod:`lkdata.plan.history`). A clean adds only the records whose value changed since the snapshot
in force on its day, and only when its result is complete: every dataset cleaned (none stopped by an
error inside lkdata) and every file read; and only when its day is not before the last one kept (a
computer's clock set back). Each log is written whole or not at all (a temporary file moved over the
old one), before the manifest.

Deleting ``data/processed`` deletes the history: the reports still run, and last year's figure of an
indicator that depends on an undated attribute is then "chưa có số liệu".
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Mapping
from pathlib import Path

import pandas as pd

from ..clean.fields import id_column
from ..config import Paths
from ..errors import LkdataError
from ..plan.history import VALID_FROM, changes, tracked, updated
from ..vn.fmt import fmt_date
from .store import write_parquet

__all__ = ["HISTORY_DIR", "complete", "history_path", "keep_history", "read_history"]

log = logging.getLogger("lkdata")

#: Where the history lives, under the processed folder (office-only, beside the other internal lists).
HISTORY_DIR = Path("noi_bo") / "lich_su"


def history_path(processed: Path, dataset: str, column: str) -> Path:
    """The log file of one tracked column."""
    return Path(processed) / HISTORY_DIR / dataset / f"{column}.parquet"


def read_history(processed: Path | str | None = None) -> dict[tuple[str, str], pd.DataFrame]:
    """Every tracked column's log under ``processed`` (default ``data/processed``); a column without a
    log (no clean kept one yet, or the folder was deleted) is left out: its past values are unknown.

    Raises
    ------
    LkdataError
        When a log cannot be read or lacks its columns, naming the file (it can be deleted: the
        year-ago figures that need it are then reported as not available).
    """
    folder = Path(processed) if processed else Paths.default().processed
    out: dict[tuple[str, str], pd.DataFrame] = {}
    for dataset, column in tracked():
        df = _read_log(folder, dataset, column)
        if df is not None:
            out[(dataset, column)] = df
    return out


def _read_log(processed: Path, dataset: str, column: str) -> pd.DataFrame | None:
    path = history_path(processed, dataset, column)
    if not path.is_file():
        return None
    try:
        df = pd.read_parquet(path)
    except Exception as exc:  # a damaged file: say which, and what deleting it costs
        raise LkdataError(_damaged(path, f"không đọc được ({type(exc).__name__})")) from exc
    need = [id_column(dataset), VALID_FROM, column]
    if missing := [c for c in need if c not in df.columns]:
        raise LkdataError(_damaged(path, f"thiếu cột {', '.join(missing)}"))
    if not df[VALID_FROM].is_monotonic_increasing:
        df = df.sort_values(VALID_FROM, kind="stable", ignore_index=True)
    return df[need]


def _damaged(path: Path, what: str) -> str:
    return (
        f"Tệp lịch sử {path} {what}. Xóa tệp này thì báo cáo vẫn lập được, nhưng số liệu cùng kỳ của các "
        "chỉ tiêu dựa vào thông tin không ghi ngày sẽ là “chưa có số liệu”."
    )


def complete(manifest: Mapping) -> str | None:
    """Why a clean's result is not complete enough to keep as history (``None`` when it is): a dataset
    stopped by an error inside lkdata, or a file that could not be read."""
    datasets = manifest.get("datasets", {})
    if failed := [d for d, e in datasets.items() if e.get("status") != "ok"]:
        return f"bộ dữ liệu {', '.join(failed)} gặp lỗi nội bộ"
    if unread := [f["path"] for e in datasets.values() for f in e.get("files", []) if f.get("status") == "failed"]:
        return f"không đọc được tệp {', '.join(unread)}"
    return None


def keep_history(processed: Path, tables: Mapping[str, pd.DataFrame], manifest: Mapping) -> dict:
    """Add a clean's changes to the history (see the module's docstring); what it did, for the manifest.

    Parameters
    ----------
    processed : Path
        The processed folder the clean writes.
    tables : mapping
        The clean's tables.
    manifest : mapping
        The clean's manifest so far (its ``as_of`` and the status of every dataset and file).

    Returns
    -------
    dict
        ``{"kept": True, "valid_from": <as_of>, "folder": ..., "rows": {"<dataset>.<column>": n}}``, ``n``
        the records whose value changed (every record, in a column's first snapshot); or ``{"kept":
        False, "reason": ...}`` when the result is not complete, and nothing is written.
    """
    folder = HISTORY_DIR.as_posix()
    if reason := complete(manifest):
        log.warning("Không lưu lịch sử thông tin không ghi ngày của lần làm sạch này: %s", reason)
        return {"kept": False, "reason": reason}
    day = dt.date.fromisoformat(str(manifest["as_of"]))
    logs = {key: _readable_log(Path(processed), *key) for key in tracked() if key[0] in tables}
    latest = max((lg[VALID_FROM].iloc[-1].date() for lg in logs.values() if lg is not None and len(lg)), default=None)
    if latest is not None and day < latest:  # a clock set back: its rows would hide later ones
        reason = f"ngày làm sạch {fmt_date(day)} trước lần lưu gần nhất {fmt_date(latest)}"
        log.warning("Không lưu lịch sử thông tin không ghi ngày của lần làm sạch này: %s", reason)
        return {"kept": False, "reason": reason}
    rows: dict[str, int] = {}
    for (dataset, column), old in logs.items():
        table = tables[dataset]
        if column not in table.columns:
            continue
        new = changes(old, table, dataset, column, day)
        rows[f"{dataset}.{column}"] = len(new)
        if len(new) or old is None:
            write_parquet(updated(old, new, dataset), history_path(Path(processed), dataset, column))
    return {"kept": True, "valid_from": day.isoformat(), "folder": folder, "rows": rows}


def _readable_log(processed: Path, dataset: str, column: str) -> pd.DataFrame | None:
    """A column's log so far; a damaged one is started again (and said so), since a clean must not stop
    over it and the rows it held cannot be read."""
    try:
        return _read_log(processed, dataset, column)
    except LkdataError as exc:
        log.warning("%s Lần làm sạch này bắt đầu lại lịch sử của cột đó.", exc)
        return None
