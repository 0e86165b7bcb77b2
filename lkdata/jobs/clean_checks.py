"""The checks a clean run makes on each dataset before writing it, and its row accounting.

A check that fails here is a bug in lkdata, never bad input: it raises :class:`~lkdata.errors.InternalError`
(or pandera's error), which stops that dataset only (:func:`~lkdata.jobs.clean_run.run_clean` records it
in the manifest with :func:`failed_entry` and still writes every other dataset).
"""

from __future__ import annotations

import pandas as pd

from ..clean.catalogues import Reference
from ..clean.fields import id_column
from ..clean.schemas import schema_for
from ..clean.validate import stored_problems
from ..errors import InternalError
from ..vn.columns import arrow

__all__ = ["COUNTS", "account", "check_reconciled", "check_references", "count_by_file", "failed_entry"]

#: The row counts of a file and of a dataset: ``rows_in == clean + quarantined + duplicates + skipped``.
COUNTS = ("rows_in", "clean", "quarantined", "duplicates", "skipped")


def count_by_file(df: pd.DataFrame) -> dict[str, int]:
    """Rows per ``source_file``."""
    import pyarrow.compute as pc

    if df.empty:
        return {}
    counts = pc.value_counts(arrow(df["source_file"]))
    return {v["values"]: v["counts"] for v in counts.to_pylist()}


def failed_entry(entries: list[dict], error: str) -> dict:
    """A dataset an internal error stopped: rows in, nothing accounted as clean, quarantined,
    duplicate or skipped (none of it was written), and the error."""
    for entry in entries:
        entry.update(dict.fromkeys(COUNTS, 0), rows_in=sum(s["rows_in"] for s in entry["sheets"]))
        if entry["status"] == "rejected":  # said by the accounting that failed: it is lkdata's fault, not the file's
            entry.update(status="ok", error=None)
    totals = {k: sum(e[k] for e in entries) for k in COUNTS}
    return {"status": "failed", "error": error, **totals, "files": entries, "notes": []}


def check_reconciled(dataset: str, table: pd.DataFrame, ref: Reference) -> None:
    """Check what reconciling may have broken; a failure here is a bug, never bad input (it stops
    this dataset, with the error in the manifest; the other datasets are still written).

    Every row passed the dataset's schema when its file was cleaned. Merging duplicates fills a
    record's blanks from its other rows, so the merged records are validated again, whole. Ids must
    be unique: :func:`~lkdata.clean.dataset.distinct_ids` tells apart the records that share one
    (homonyms). Run on each dataset once merged (references are resolved afterwards, into ``string``
    columns: :func:`check_references`).
    """
    schema = schema_for(dataset, ref)
    schema = schema.remove_columns([c for c in schema.columns if c not in table.columns])  # references: later
    schema.validate(table[table["merged_from"].notna()])
    problems = stored_problems(dataset, table)  # what no parser lets through: never written
    if problems:
        raise InternalError(f"{dataset}: giá trị không được lưu: {'; '.join(problems)}")
    ids = table[id_column(dataset)]
    if ids.duplicated().any():
        raise InternalError(f"{dataset}: mã bản ghi trùng sau khi gộp: {', '.join(ids[ids.duplicated()].head(5))}")


def check_references(dataset: str, table: pd.DataFrame, before: pd.DataFrame, column: str) -> None:
    """Resolving references only adds the reference ``column``, as text; a failure here is a bug."""
    changed = [
        c for c in table.columns
        if (c in before.columns and table[c].dtype != before[c].dtype)
        or (c not in before.columns and (c != column or table[c].dtype != "string"))
    ]  # fmt: skip
    if len(table) != len(before) or changed:
        raise InternalError(f"{dataset}: các cột đổi kiểu khi liên kết tham chiếu: {', '.join(changed)}")


def account(entries: list[dict], table: pd.DataFrame, dups: pd.DataFrame, q: pd.DataFrame) -> dict:
    """Per file and in all: rows in, clean, quarantined, duplicates, skipped. Refuses (a bug, never bad
    input) when a file's rows do not add up, before anything of the dataset is written."""
    by_file = {
        "clean": count_by_file(table),
        "duplicates": count_by_file(dups),
        "quarantined": count_by_file(q[q["_kind"] == "quarantined"]),
        "skipped": count_by_file(q[q["_kind"] == "skipped"]),
    }
    totals = dict.fromkeys(COUNTS, 0)
    for entry in entries:
        for k in ("clean", "duplicates", "quarantined", "skipped"):
            entry[k] = int(by_file[k].get(entry["path"], 0))
        entry["rows_in"] = sum(s["rows_in"] for s in entry["sheets"])
        if entry["rows_in"] != entry["clean"] + entry["quarantined"] + entry["duplicates"] + entry["skipped"]:
            raise InternalError(
                f"Sai lệch số dòng của tệp {entry['path']}: {entry['rows_in']} dòng vào, {entry['clean']} hợp lệ, "
                f"{entry['quarantined']} cách ly, {entry['duplicates']} trùng, {entry['skipped']} bỏ qua"
            )
        _reject_if_nothing_accepted(entry)
        for k in COUNTS:
            totals[k] += entry[k]
    return {**totals, "files": entries}


def _reject_if_nothing_accepted(entry: dict) -> None:
    """A file read without error of which no row could be accepted is ``rejected``, with the reason."""
    if entry["status"] != "ok":
        return
    sheets = entry["sheets"]
    data_rows = entry["rows_in"] - entry["skipped"]
    if sheets and all(s["error"] for s in sheets):
        said = "trang tính duy nhất bị lỗi" if len(sheets) == 1 else f"cả {len(sheets)} trang tính đều bị lỗi"
        entry["error"] = f"Không nhận được dòng nào của tệp: {said} (xem lỗi của từng trang)"
    elif data_rows > 0 and entry["clean"] + entry["duplicates"] == 0:
        entry["error"] = (
            f"Không nhận được dòng nào của tệp: cả {data_rows} dòng dữ liệu đều bị cách ly "
            "(xem lý do trong danh sách cách ly)"
        )
    else:
        return
    entry["status"] = "rejected"
