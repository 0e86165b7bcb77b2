"""Where ``lkdata clean`` writes: each dataset's table (Parquet and CSV) and quarantine, the review lists,
the history of undated values, and the manifest last."""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING

import pandas as pd

from ..clean.catalogues import Reference
from ..clean.fields import titles
from ..config import DATASETS
from ..io.history import keep_history
from ..io.store import write_csv, write_json, write_parquet

__all__ = ["REVIEW_HEADERS", "CleanWriter", "quarantine_headers"]

if TYPE_CHECKING:
    from .clean_run import CleanRun


def quarantine_headers(ref: Reference, dataset: str) -> dict[str, str]:
    """The quarantine's headers: each field's canonical header (its first alias; the sub-unit's in the
    profile's word: ``Ấp``), then provenance."""
    names = {fld: ref.places.title(aliases[0]) for fld, aliases in ref.headers[dataset].items()}
    provenance = {c: t for c, t in titles(dataset).items() if c.startswith("source_")}
    return {**names, **provenance, "reasons": "Lý do", "_raw": "Nội dung dòng"}


REVIEW_HEADERS = {
    "dataset": "Bộ dữ liệu", "kept_row": "Đã gộp vào dòng (tệp / trang / dòng)", "merged_into": "Mã bản ghi giữ lại",
    "field": "Trường", "value": "Giá trị không khớp", "group": "Nhóm", "source": "Vị trí (tệp / trang / dòng)",
    "reason": "Lý do cần xem",
    # provenance, producer_id and khu_pho: the titles the producers' model gives them
    **{c: t for c, t in titles("producers").items() if c.startswith("source_") or c in ("producer_id", "khu_pho")},
}  # fmt: skip


class CleanWriter:
    """Writes the outputs in background threads (Arrow formats and writes outside the GIL), each file
    atomically, a dataset's files as soon as its table is final; the manifest last, once all are
    written: its presence means the run finished."""

    def __init__(self, out: Path, ref: Reference) -> None:
        from concurrent.futures import ThreadPoolExecutor

        self.out, self.ref = out, ref
        self.pool = ThreadPoolExecutor(max_workers=min(4, os.cpu_count() or 1))
        self.futures: list = []
        self.held: list | None = None

    def hold(self) -> None:
        """Keep the writes asked for from now until :meth:`release`: while worker processes use every
        core, a write would only take its time from them; once a worker has nothing left to read, the
        writes use the core it leaves idle, beside the last dataset's reconciling (one thread)."""
        self.held = []

    def release(self) -> None:
        held, self.held = self.held or [], None
        for writer, df, path in held:
            self._submit(writer, df, path)

    def _submit(self, writer, df: pd.DataFrame, path: Path) -> None:
        if self.held is not None:
            self.held.append((writer, df, path))
        else:
            self.futures.append(self.pool.submit(writer, df, path))

    def dataset(self, dataset: str, table: pd.DataFrame, q: pd.DataFrame) -> None:
        self._submit(write_parquet, table, self.out / f"{dataset}.parquet")
        self._submit(write_csv, table, self.out / f"{dataset}.csv")
        q = q.drop(columns=["_kind"])
        order = ["source_file", "source_sheet", "source_row", "reasons"]
        q = q[order + [c for c in q.columns if c not in order]].rename(columns=quarantine_headers(self.ref, dataset))
        self._submit(write_csv, q, self.out / "quarantine" / f"{dataset}.csv")

    def drop(self, dataset: str) -> None:
        """Remove a failed dataset's tables of an earlier run, so that none is read as this run's."""
        for path in (
            self.out / f"{dataset}.parquet",
            self.out / f"{dataset}.csv",
            self.out / "quarantine" / f"{dataset}.csv",
        ):
            path.unlink(missing_ok=True)

    def finish(self, run: CleanRun) -> None:
        self.release()
        cols = ["dataset", "source_file", "source_sheet", "source_row", "kept_row", "merged_into"]
        merged = [(k, run.duplicates[k]) for k in DATASETS if k in run.duplicates]  # not the workers' order
        dups = [d.assign(dataset=k)[cols] for k, d in merged if not d.empty]
        dups_df = pd.concat(dups, ignore_index=True) if dups else pd.DataFrame(columns=cols)
        review = self.out / "review"
        self._submit(write_csv, dups_df.rename(columns=REVIEW_HEADERS), review / "duplicates.csv")
        self._submit(
            write_csv, run.probable_duplicates.rename(columns=REVIEW_HEADERS), review / "probable_duplicates.csv"
        )
        self._submit(write_csv, run.unresolved.rename(columns=REVIEW_HEADERS), review / "unresolved_references.csv")
        history = keep_history(self.out, run.tables, run.manifest)  # undated values, while the last files are written
        for future in self.futures:
            future.result()
        run.manifest["history"] = history
        write_json(run.manifest, self.out / "manifest.json")

    def close(self) -> None:
        self.pool.shutdown(wait=True)  # a failed run still lets every started file finish whole
