"""``lkdata clean``: raw files in, validated tables, quarantine and manifest out.

The one place where the cleaning flow touches files: read (ingest), clean, reconcile, store.
"""

from __future__ import annotations

import datetime as dt
import gc
import logging
import os
import pickle
import sys
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

from .. import __version__
from ..clean.catalogues import Reference
from ..clean.dataset import clean_dataset
from ..clean.fields import missing_fields
from ..clean.reconcile import (
    link_linkages,
    link_plots,
    link_producers,
    merge_duplicates,
    probable_duplicates,
    producer_keys,
    unresolved_table,
)
from ..config import DATASETS, SAMPLE_TRUTH_FILE, outside_raw
from ..errors import InternalError, LkdataError, UsageError
from ..io.discover import Found, discover, shown_path
from ..io.freshness import code_sha256, reference_hashes
from ..io.ingest import RawFile, read_file
from ..io.reference import load_reference
from ..io.store import invalidate_manifest, remove_stale_temporaries, spool_folder
from ..vn.columns import arrow, strings
from .clean_checks import COUNTS, account, check_reconciled, check_references, failed_entry
from .clean_writer import CleanWriter
from .lifeline import die_with_parent
from .memory import release_memory, use_system_allocator

__all__ = ["CleanRun", "run_clean"]

log = logging.getLogger("lkdata")

#: A file's status in the manifest when nothing of it could be used: ``failed`` (not read at all) or
#: ``rejected`` (read, but no row accepted: every sheet failed, or every data row was quarantined).
FAILED = ("failed", "rejected")
_PROV = ["source_file", "source_sheet", "source_row"]


@dataclass
class CleanRun:
    """What a clean run did: the manifest written, and the tables (for callers in Python)."""

    manifest: dict
    tables: dict[str, pd.DataFrame] = field(default_factory=dict)
    quarantine: dict[str, pd.DataFrame] = field(default_factory=dict)
    unresolved: pd.DataFrame = field(default_factory=pd.DataFrame)
    probable_duplicates: pd.DataFrame = field(default_factory=pd.DataFrame)
    duplicates: dict[str, pd.DataFrame] = field(default_factory=dict)

    @property
    def failed_files(self) -> list[dict]:
        """Files that could not be read, and files of which no row could be accepted."""
        return [f for d in self.manifest["datasets"].values() for f in d["files"] if f["status"] in FAILED]

    @property
    def failed_datasets(self) -> dict[str, str]:
        """Dataset -> the internal error that stopped it (a bug in lkdata: nothing of it was written)."""
        return {k: d["error"] for k, d in self.manifest["datasets"].items() if d.get("status") == "failed"}


def _sheet_frames(rf: RawFile) -> tuple[list[pd.DataFrame], list[pd.DataFrame]]:
    """Data rows of the readable sheets, and the rows set aside (skipped or in a failed sheet)."""
    good, aside = [], []
    for s in rf.sheets:
        if s.error:
            rows = s.frame.drop(columns=[c for c in s.frame.columns if c.startswith("_hint")]).copy()
            rows["reasons"] = f"Trang tính '{s.sheet}': {s.error}" if s.sheet else s.error
            rows["_kind"] = "quarantined"
        else:
            fr = s.frame.copy()
            fr["source_file"], fr["source_sheet"] = rf.rel, s.sheet
            for fld, unit in s.units.items():
                fr[f"_unit_{fld}"] = unit
            good.append(fr)
            rows = s.skipped.rename(columns={"reason": "reasons"}).copy()
            rows["_kind"] = "skipped"
        if not rows.empty:
            rows["source_file"], rows["source_sheet"] = rf.rel, s.sheet
            aside.append(rows)
    return good, aside


def _file_entry(rf: RawFile) -> dict:
    return {
        "path": rf.rel,
        "sha256": rf.sha256,
        "status": "failed" if rf.error else "ok",
        "error": rf.error,
        **dict.fromkeys(COUNTS, 0),
        "encoding": rf.encoding,
        "sheets": [
            {"name": s.sheet, "header_row": s.header_row, "rows_in": s.rows_in, "unmapped_columns": s.unmapped,
             "proposals": s.proposals, "notes": s.notes, "error": s.error}
            for s in rf.sheets
        ],
        "notes": rf.notes,
        "missing_fields": _missing_fields(rf),
    }  # fmt: skip


def _missing_fields(rf: RawFile) -> list[str]:
    """The fields (Vietnamese labels) that a readable sheet of the file with data rows has no column for."""
    sheets = [set(s.frame.columns) for s in rf.sheets if not s.error and len(s.frame)]
    return missing_fields(rf.dataset, set.intersection(*sheets)) if sheets else []


@dataclass
class _BatchResult:
    """Files of one dataset read and cleaned together: their manifest entries, accepted rows, and
    rows set aside."""

    entries: list[dict]
    clean: pd.DataFrame | None  # typed rows that passed (before duplicates are merged across files)
    quarantine: pd.DataFrame  # quarantined and skipped rows, with ``reasons`` and ``_kind``
    error: str | None = None  # an unexpected error while cleaning them (a bug in lkdata)


def _describe(exc: BaseException) -> str:
    """An unexpected error, as the manifest and the messages name it."""
    if os.environ.get("LKDATA_DEBUG") == "1":
        log.error("Lỗi nội bộ", exc_info=exc)
    text = f"{type(exc).__name__}: {exc}"
    return text if len(text) <= 500 else text[:499] + "…"  # a validation error can list whole rows


def _process_batch(dataset: str, paths: list[Found], ref: Reference) -> _BatchResult:
    """Read some files of a dataset and clean their rows together.

    Every cleaning step works row by row, so any grouping of files gives the same rows; files are
    only reconciled (duplicates, references) once all are read. Grouping amortises the fixed cost of
    each step (parsers, schema validation) over more rows.
    """
    files = [read_file(f.path, dataset, ref, rel=f.rel, notes=f.notes) for f in paths]
    try:
        return _clean_batch(dataset, files, ref)
    except Exception as exc:  # a bug in lkdata: this dataset fails, the others go on
        return _BatchResult([_file_entry(rf) for rf in files], None, _empty_aside(), _describe(exc))


def _empty_aside() -> pd.DataFrame:
    return pd.DataFrame(columns=[*_PROV, "reasons", "_kind"])


def _clean_batch(dataset: str, files: list[RawFile], ref: Reference) -> _BatchResult:
    good, aside, place = [], [], {}
    for i, rf in enumerate(files):
        if rf.error:
            log.warning("%s: %s", rf.rel, rf.error)
        g, a = _sheet_frames(rf)
        good += g
        aside += a
        place.update({(rf.rel, s.sheet): (i, j) for j, s in enumerate(rf.sheets)})
    clean = None
    if good:
        result = clean_dataset(dataset, pd.concat(good, ignore_index=True) if len(good) > 1 else good[0], ref)
        clean = result.clean
        aside.insert(0, result.quarantine.assign(_kind="quarantined"))
    aside = [a for a in aside if not a.empty]
    entries = [_file_entry(rf) for rf in files]
    if not aside:
        return _BatchResult(entries, clean, _empty_aside())
    q = pd.concat(aside, ignore_index=True) if len(aside) > 1 else aside[0].reset_index(drop=True)
    # file by file, sheet by sheet, row by row: as an analyst goes through them
    at = [place.get((f, sh), (len(files), 0)) for f, sh in zip(q["source_file"], q["source_sheet"], strict=True)]
    keys = (q["source_row"].to_numpy(dtype=float), np.array([a[1] for a in at]), np.array([a[0] for a in at]))
    return _BatchResult(entries, clean, q.iloc[np.lexsort(keys)].reset_index(drop=True))


#: A worker's batch of files stops growing at this much raw data: its peak memory follows its batch.
BATCH_MAX_BYTES = 6 * 2**20

#: Below this much raw data, starting worker processes costs more than it saves.
PARALLEL_MIN_BYTES = 16 * 2**20


def _workers(paths: list[Found], jobs: int | None) -> int:
    if jobs is None:
        jobs = (os.cpu_count() or 1) if sum(p.size for p in paths) >= PARALLEL_MIN_BYTES else 1
    return max(1, min(jobs, len(paths)))


def _batches(files: dict[str, list[Found]], workers: int) -> list[tuple[str, list[Found]]]:
    """Runs of consecutive files of one dataset and one kind (text files apart from workbooks, whose
    cells are typed), each no larger than an even share of the work when running in parallel."""
    total = sum(p.size for paths in files.values() for p in paths)
    limit = min(total / (4 * workers), BATCH_MAX_BYTES) if workers > 1 else float("inf")
    out: list[tuple[str, list[Found]]] = []
    for dataset, paths in files.items():
        run: list[Found] = []
        for path in paths:
            if run and (path.is_text != run[-1].is_text or sum(p.size for p in run) >= limit):
                out.append((dataset, run))
                run = []
            run.append(path)
        if run:
            out.append((dataset, run))
    return out


_WORKER_REF: Reference | None = None
_WORKER_SPOOL: Path | None = None


def _init_worker(ref: Reference, spool: Path, parent: int) -> None:
    global _WORKER_REF, _WORKER_SPOOL
    die_with_parent(parent)  # a killed clean leaves no worker behind
    _WORKER_REF, _WORKER_SPOOL = ref, spool
    logging.getLogger("lkdata").setLevel(logging.ERROR)  # the parent says what failed, once


def _process_in_worker(index: int, dataset: str, paths: list[Found]) -> Path:
    """Read and clean a batch, and leave its result in a file of the spool folder for the parent.

    A result sent through the pool's pipe would travel 64 KiB at a time, each piece waiting for the
    parent's result thread to get the GIL while the parent reconciles: the workers would stall.
    """
    assert _WORKER_REF is not None and _WORKER_SPOOL is not None
    path = _WORKER_SPOOL / f"{index}.pickle"
    with path.open("wb") as f:
        pickle.dump(_process_batch(dataset, paths, _WORKER_REF), f, protocol=pickle.HIGHEST_PROTOCOL)
    return path


def _take_result(path: Path) -> _BatchResult:
    """A worker's result, read back (and its file removed)."""
    try:
        return pickle.loads(path.read_bytes())
    finally:
        path.unlink(missing_ok=True)


def _process_files(batches: list[tuple[str, list[Found]]], ref: Reference, workers: int):
    """Read and clean each batch; yields ``(index, result)`` as batches finish, in ``workers``
    processes when more than one. Batches are started dataset by dataset, so the first datasets are
    complete, and can be reconciled here, while the workers read the last ones."""
    if workers <= 1:
        for i, (dataset, paths) in enumerate(batches):
            yield i, _process_batch(dataset, paths, ref)
        return
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor, as_completed
    from concurrent.futures.process import BrokenProcessPool

    size = [sum(p.size for p in paths) for _, paths in batches]
    total: dict[str, int] = {}
    for (dataset, _), n in zip(batches, size, strict=True):
        total[dataset] = total.get(dataset, 0) + n
    # the smallest datasets first (the catalogues of cooperatives others refer to are then ready), the
    # largest last; within a dataset the largest batches first, so the workers finish together
    order = sorted(range(len(batches)), key=lambda i: (total[batches[i][0]], batches[i][0], -size[i]))
    # fork on Linux: the workers start at once with lkdata already imported (Arrow re-creates its thread
    # pools after a fork, and this process has not used them yet); spawn elsewhere
    context = multiprocessing.get_context("fork" if sys.platform == "linux" else "spawn")
    with (
        spool_folder() as spool,  # a killed run's is removed by the next
        ProcessPoolExecutor(
            workers, mp_context=context, initializer=_init_worker, initargs=(ref, spool, os.getpid())
        ) as pool,
    ):
        gc.freeze()  # the workers fork at the first submit: their collections skip what they inherit from
        try:  # this process (and so do not copy its pages, as Python's gc.freeze advises for fork)
            futures = {pool.submit(_process_in_worker, i, *batches[i]): i for i in order}
        finally:
            gc.unfreeze()
        for future in as_completed(futures):
            try:
                result = _take_result(future.result())
            except BrokenProcessPool as exc:  # a worker was killed (out of memory, a signal): no manifest is written
                raise LkdataError(
                    "Một tiến trình đọc tệp bị dừng đột ngột (có thể do thiếu bộ nhớ); "
                    "lần làm sạch này không hoàn tất. Hãy chạy lại, hoặc dùng 'lkdata clean --jobs 1' "
                    "để đọc từng tệp trong một tiến trình."
                ) from exc
            for entry in result.entries:
                if entry["error"]:
                    log.warning("%s: %s", entry["path"], entry["error"])
            yield futures[future], result


def _compact(df: pd.DataFrame) -> pd.DataFrame:
    """One Arrow chunk per text column (concatenating files leaves one per file, which makes every
    later filter and take slower)."""
    text = [c for c in df.columns if isinstance(df[c].dtype, pd.StringDtype) and df[c].dtype.storage == "pyarrow"]
    return df.assign(**{c: strings(arrow(df[c]), df.index) for c in text})


def run_clean(
    raw: Path, out: Path, *, write: bool = True, jobs: int | None = None, as_of: dt.date | None = None
) -> CleanRun:
    """Clean every raw file of every dataset and write the processed outputs.

    No input stops the run: a file that cannot be read is ``failed`` in the manifest, and a bug in
    lkdata that shows up in one dataset (an unexpected error while cleaning or reconciling it, or a
    check of :mod:`.clean_checks` that fails) stops that dataset only: ``status`` ``failed`` and its
    ``error`` in the manifest (:attr:`CleanRun.failed_datasets`), none of its tables written and an
    earlier run's removed; the datasets that refer to it are written with those references empty
    and a note; every other dataset, the review lists and the manifest are written as usual.

    Parameters
    ----------
    raw : Path
        The raw folder (``data/raw``); catalogues are overridden from ``raw/reference``.
    out : Path
        The processed folder (``data/processed``).
    write : bool
        Write the outputs (``False`` only computes them).
    jobs : int, optional
        Processes that read and clean files side by side. By default one for a ward-sized raw
        folder, and one per core when there is enough data to repay starting them.
    as_of : date, optional
        The day of the clean, after which a date is flagged as in the future (plausibility rules);
        today by default (``as_of`` in the manifest).

    Raises
    ------
    UsageError, ReferenceDataError, OutputError
        No raw folder, or ``out`` inside it; a catalogue that cannot be used; a write refused (no manifest then).
    """
    raw, out = Path(raw), Path(out)
    if not raw.is_dir():
        raise UsageError(f"Không tìm thấy thư mục dữ liệu thô: {raw}")
    if write:
        outside_raw(out, raw, "--out")
    use_system_allocator()  # before the workers fork: they inherit it
    ref = load_reference(raw / "reference")
    now = dt.datetime.now(dt.timezone.utc).astimezone()
    ref.as_of = as_of or now.date()  # the day of the clean, for every batch and worker: later dates are in the future
    if write and out.is_dir():
        remove_stale_temporaries(out)  # what a killed run left behind
        invalidate_manifest(out)  # until this run's is written, last, no table here is known whole
    manifest: dict = {"created": now.isoformat(timespec="seconds"), "as_of": ref.as_of.isoformat(),
                      "lkdata_version": __version__, "lkdata_code": code_sha256(), "raw": shown_path(raw),
                      "datasets": {}}  # fmt: skip
    merged: dict[str, pd.DataFrame] = {}
    quarantine: dict[str, pd.DataFrame] = {}
    duplicates: dict[str, pd.DataFrame] = {}
    tables: dict[str, pd.DataFrame] = {}
    unresolved: dict[str, pd.DataFrame] = {}
    entries: dict[str, list[dict]] = {}
    failed: set[str] = set()  # datasets stopped by an internal error: nothing of them is written
    discovery = discover(raw)  # the one decision of what is read, and what is not (named in the manifest)
    files = discovery.files
    workers = _workers([p for paths in files.values() for p in paths], jobs)
    batches = _batches(files, workers)
    left = {dataset: sum(d == dataset for d, _ in batches) for dataset in DATASETS}
    results: dict[int, _BatchResult] = {}
    link_keys: dict[str, tuple] = {}  # the producers' side of linking plots (producer_keys)
    probable: list[pd.DataFrame] = []  # the producers' probable duplicates, once they are merged
    writer = CleanWriter(out, ref) if write else None

    def fail(dataset: str, error: str) -> None:
        """An internal error (a bug in lkdata, never the input) stopped ``dataset``: say so in the
        manifest, write nothing of it and remove its previous tables; the other datasets go on."""
        log.error("Lỗi nội bộ khi làm sạch bộ dữ liệu %s: %s", dataset, error)
        failed.add(dataset)
        for part in (merged, duplicates, quarantine, tables):
            part.pop(dataset, None)
        manifest["datasets"][dataset] = failed_entry(entries[dataset], error)
        if writer:
            writer.drop(dataset)

    def reconcile_dataset(dataset: str) -> None:
        done = [results.pop(i) for i, (d, _) in enumerate(batches) if d == dataset]  # freed once merged
        entries[dataset] = [e for r in done for e in r.entries]
        try:
            if errors := [r.error for r in done if r.error]:
                raise InternalError(errors[0])
            cleaned = [r.clean for r in done if r.clean is not None]
            if not cleaned:  # nothing readable: an empty table with the dataset's columns
                cleaned = [_empty_table(dataset, ref)]
            clean_rows = _compact(pd.concat(cleaned, ignore_index=True)) if len(cleaned) > 1 else cleaned[0]
            merged[dataset], duplicates[dataset] = merge_duplicates(dataset, clean_rows)
            check_reconciled(dataset, merged[dataset], ref)
            aside = [r.quarantine for r in done if not r.quarantine.empty]
            quarantine[dataset] = pd.concat(aside, ignore_index=True) if aside else _empty_aside()
            if dataset == "producers":
                probable.append(probable_duplicates(merged["producers"], ref.places.sub_unit))
        except Exception as exc:  # a bug in lkdata: this dataset fails, the others go on
            fail(dataset, exc.args[0] if isinstance(exc, InternalError) and exc.args else _describe(exc))
        del done
        release_memory()
        link_what_is_ready()

    def finish(dataset: str) -> None:
        """A dataset's table is final: link it to the dataset it refers to (or leave its references
        empty when that one failed), account for every row of its files, then write it."""
        notes: list[str] = []
        try:
            table, not_found = merged[dataset], None
            if dataset in _LINKS:
                link, target, column = _LINKS[dataset]
                if target in failed:  # unknown, not unresolved: none is listed
                    table = table.assign(**{column: pd.Series(pd.NA, index=table.index, dtype="string")})
                    notes.append(
                        f"Không đối chiếu được với bộ dữ liệu {target} vì bộ này gặp lỗi nội bộ: cột {column} để trống"
                    )
                elif target in link_keys:  # computed while the workers read this dataset
                    table, not_found = link(table, tables[target], link_keys[target])
                else:
                    table, not_found = link(table, tables[target])
                check_references(dataset, table, merged[dataset], column)
            counted = account(entries[dataset], table, duplicates[dataset], quarantine[dataset])
            if dataset == "producers" and left["crops"]:  # the crops, read last, link to it: out of the serial tail
                link_keys[dataset] = producer_keys(table)
        except Exception as exc:  # a bug in lkdata: this dataset fails, the others go on
            fail(dataset, exc.args[0] if isinstance(exc, InternalError) and exc.args else _describe(exc))
            return
        tables[dataset] = table
        unresolved[dataset] = not_found if not_found is not None else pd.DataFrame()
        manifest["datasets"][dataset] = {"status": "ok", "error": None, **counted, "notes": notes}
        if writer:
            writer.dataset(dataset, table, quarantine[dataset])

    def link_what_is_ready() -> None:
        """References are resolved, and tables written, as soon as the datasets they need are final
        (written, or failed)."""

        waiting = [d for d in DATASETS if d in merged and d not in tables]
        while ready := [d for d in waiting if d not in _LINKS or _LINKS[d][1] in tables or _LINKS[d][1] in failed]:
            for dataset in ready:
                finish(dataset)  # it joins ``tables``, or ``failed``
                waiting.remove(dataset)

    try:
        for dataset in [d for d in DATASETS if not left[d]]:
            reconcile_dataset(dataset)
        if writer and workers > 1:
            writer.hold()
        for i, result in _process_files(batches, ref, workers):
            results[i] = result
            dataset = batches[i][0]
            left[dataset] -= 1
            if writer and sum(left.values()) < workers:  # a worker has nothing left to do: the writes start
                writer.release()
            if not left[dataset]:  # all its files read: reconcile it while the workers go on
                reconcile_dataset(dataset)

        seen: dict[str, str] = {}
        for dataset in DATASETS:  # the same file sent twice under two names: its rows merge as duplicates; say why
            for entry in entries[dataset]:
                first = seen.setdefault(entry["sha256"], entry["path"]) if entry["sha256"] else entry["path"]
                if first != entry["path"]:
                    entry["notes"].append(f"Tệp trùng nội dung với {first} (các dòng được gộp như dòng trùng)")
        manifest["datasets"] = {d: manifest["datasets"][d] for d in DATASETS}
        manifest["skipped_files"] = [s.as_dict() for s in discovery.skipped]
        not_found = unresolved_table([unresolved[d] for d in ("producers", "crops", "linkages") if d in unresolved])
        manifest["unresolved_references"] = len(not_found)
        probable_df = probable[0] if probable and "producers" in tables else probable_duplicates(pd.DataFrame())
        manifest["probable_duplicates"] = int(probable_df["group"].nunique()) if not probable_df.empty else 0
        manifest["reference"] = ref.sources
        manifest["reference_sha256"] = reference_hashes(raw)
        manifest["sample"] = (raw / SAMPLE_TRUTH_FILE).is_file()
        run = CleanRun(manifest, {d: tables[d] for d in DATASETS if d in tables}, quarantine, not_found,
                       probable_df, duplicates)  # fmt: skip
        if writer:
            writer.finish(run)
    finally:
        if writer:
            writer.close()
    return run


#: Dataset -> how its references resolve: the linking function, the dataset it refers to, the column it adds.
_LINKS = {
    "producers": (link_producers, "cooperatives", "cooperative_id"),
    "linkages": (link_linkages, "cooperatives", "cooperative_ids"),
    "crops": (link_plots, "producers", "producer_id"),
}


def _empty_table(dataset: str, ref: Reference) -> pd.DataFrame:
    """A dataset's cleaned table with no rows (its columns and types)."""
    return clean_dataset(dataset, pd.DataFrame(columns=_PROV), ref).clean
